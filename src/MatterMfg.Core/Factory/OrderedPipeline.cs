using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace MatterMfg.Factory;

/// <summary>
/// Runs a batch's items through two stages on threads of their own and hands them back in input order: <c>compute</c>
/// (the CPU work) on <c>workers</c> threads, then <c>write</c> (the file work) on one writer thread, so that a thread
/// waiting on the disk never leaves a core idle and the consumer's own work (recording, printing, the PowerShell
/// pipeline) overlaps with both. Items are admitted in order on the consumer's thread, at most <c>window</c> ahead of the
/// item the consumer waits for, so memory does not grow with the batch.
/// <para>Stopping (the token, or <see cref="Stop"/> when the consumer gives up): no item is started any more, items in
/// progress are finished (computed items are still written), and items never started are reported as not done.</para>
/// </summary>
internal sealed class OrderedPipeline<T> : IDisposable where T : class
{
    private enum State : byte
    {
        Empty,
        Queued,
        Running,
        Computed,
        Done,
        NotStarted,
    }

    private readonly object _gate = new();
    private readonly int _count;
    private readonly int _window;
    private readonly Func<int, T> _admit;
    private readonly Func<T, bool> _needsWork;
    private readonly Action<T> _compute;
    private readonly Action<T> _write;
    private readonly T?[] _items;
    private readonly State[] _states;
    private readonly ExceptionDispatchInfo?[] _errors;
    private readonly Queue<int> _toWrite = new();
    private readonly List<Thread> _threads = new();
    private readonly int _workers;
    private readonly CancellationTokenRegistration _onCancel;
    private int _admitted;   // items [0, _admitted) are admitted
    private int _nextCompute; // the next admitted item a worker takes
    private int _handedOut;  // items [0, _handedOut) were handed to the consumer
    private int _computing;  // workers still running
    private bool _stopping;

    /// <param name="admit">Makes item i (in order, on the consumer's thread).</param>
    /// <param name="needsWork">False for an item decided at admission: it is handed back without compute or write.</param>
    /// <param name="compute">The CPU stage (worker threads); must record its own failures in the item.</param>
    /// <param name="write">The file stage (the writer thread), for every computed item.</param>
    public OrderedPipeline(int count, Func<int, T> admit, Func<T, bool> needsWork, Action<T> compute, Action<T> write, int workers, int window,
        CancellationToken cancel)
    {
        _count = count;
        _window = Math.Max(1, window);
        _admit = admit;
        _needsWork = needsWork;
        _compute = compute;
        _write = write;
        _workers = Math.Max(1, workers);
        _items = new T?[_window];
        _states = new State[_window];
        _errors = new ExceptionDispatchInfo?[_window];
        _onCancel = cancel.Register(() =>
        {
            lock (_gate)
            {
                _stopping = true;
                Monitor.PulseAll(_gate);
            }
        });
    }

    /// <summary>The items in input order as they are done, until all are or the pipeline stops.</summary>
    public IEnumerable<T> InOrder()
    {
        Start();
        while (true)
        {
            AdmitAhead();
            T item;
            lock (_gate)
            {
                int slot = _handedOut % _window;
                while (_handedOut < _admitted && _states[slot] != State.Done && _states[slot] != State.NotStarted)
                {
                    Monitor.Wait(_gate);
                }
                if (_handedOut >= _admitted)
                {
                    yield break; // all handed out, or stopped before admitting more
                }
                var state = _states[slot];
                item = _items[slot]!;
                var error = _errors[slot];
                Release(slot);
                _handedOut++;
                Monitor.PulseAll(_gate);
                error?.Throw();
                if (state == State.NotStarted)
                {
                    continue;
                }
            }
            yield return item;
        }
    }

    /// <summary>
    /// Starts nothing more, waits for the items in progress, and returns the items done but not handed out, in order
    /// (the consumer records them: they are on disk).
    /// </summary>
    public List<T> Stop()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
        foreach (var t in _threads)
        {
            t.Join();
        }
        _threads.Clear();
        var rest = new List<T>();
        lock (_gate)
        {
            for (; _handedOut < _admitted; _handedOut++)
            {
                int slot = _handedOut % _window;
                if (_states[slot] == State.Done && _errors[slot] == null)
                {
                    rest.Add(_items[slot]!);
                }
                Release(slot);
            }
        }
        return rest;
    }

    public void Dispose()
    {
        Stop();
        _onCancel.Dispose();
    }

    private void Start()
    {
        if (_threads.Count > 0)
        {
            return;
        }
        _computing = _workers;
        for (int i = 0; i < _workers; i++)
        {
            _threads.Add(new Thread(Worker) { IsBackground = true, Name = "MatterMfg device " + (i + 1) });
        }
        _threads.Add(new Thread(Writer) { IsBackground = true, Name = "MatterMfg writer" });
        foreach (var t in _threads)
        {
            t.Start();
        }
    }

    /// <summary>Admits items up to the window ahead of the consumer (the admission itself runs outside the lock).</summary>
    private void AdmitAhead()
    {
        while (true)
        {
            int next;
            lock (_gate)
            {
                if (_stopping || _admitted >= _count || _admitted >= _handedOut + _window)
                {
                    return;
                }
                next = _admitted;
            }
            T item = _admit(next);
            bool work = _needsWork(item);
            lock (_gate)
            {
                int slot = next % _window;
                _items[slot] = item;
                // Stopped while the item was admitted: the workers may be gone, so it is not started.
                _states[slot] = !work ? State.Done : _stopping ? State.NotStarted : State.Queued;
                _admitted++;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Worker()
    {
        while (true)
        {
            int index;
            T item;
            lock (_gate)
            {
                while (true)
                {
                    _nextCompute = Math.Max(_nextCompute, _handedOut); // handed out: decided at admission, nothing to do
                    while (_nextCompute < _admitted && _states[_nextCompute % _window] != State.Queued)
                    {
                        _nextCompute++; // decided at admission
                    }
                    if (_nextCompute < _admitted)
                    {
                        if (_stopping)
                        {
                            _states[_nextCompute % _window] = State.NotStarted;
                            _nextCompute++;
                            Monitor.PulseAll(_gate);
                            continue;
                        }
                        break;
                    }
                    if (_stopping || _admitted >= _count)
                    {
                        _computing--;
                        Monitor.PulseAll(_gate);
                        return;
                    }
                    Monitor.Wait(_gate);
                }
                index = _nextCompute++;
                item = _items[index % _window]!;
                _states[index % _window] = State.Running;
            }
            ExceptionDispatchInfo? error = null;
            try
            {
                _compute(item);
            }
            catch (Exception e)
            {
                error = ExceptionDispatchInfo.Capture(e);
            }
            lock (_gate)
            {
                int slot = index % _window;
                if (error != null)
                {
                    _errors[slot] = error;
                    _states[slot] = State.Done;
                }
                else
                {
                    _states[slot] = State.Computed;
                    _toWrite.Enqueue(index);
                }
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Writer()
    {
        while (true)
        {
            int index;
            lock (_gate)
            {
                while (_toWrite.Count == 0)
                {
                    if (_computing == 0)
                    {
                        return;
                    }
                    Monitor.Wait(_gate);
                }
                index = _toWrite.Dequeue();
            }
            int slot = index % _window;
            ExceptionDispatchInfo? error = null;
            try
            {
                _write(_items[slot]!);
            }
            catch (Exception e)
            {
                error = ExceptionDispatchInfo.Capture(e);
            }
            lock (_gate)
            {
                _errors[slot] = error;
                _states[slot] = State.Done;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Release(int slot)
    {
        _items[slot] = null;
        _states[slot] = State.Empty;
        _errors[slot] = null;
    }
}
