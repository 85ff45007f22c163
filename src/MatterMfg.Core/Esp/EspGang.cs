using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MatterMfg.Diagnostics;

namespace MatterMfg.Esp;

/// <summary>What a gang worker reports; the caller consumes these on its own thread (PowerShell writes only from the pipeline thread).</summary>
public sealed class EspGangEvent
{
    public string Port { get; set; } = "";
    public EspFlashRequest? Request { get; set; }
    public EspProgress? Progress { get; set; }
    public IReadOnlyList<EspWriteRecord>? Results { get; set; }
    public MfgException? Error { get; set; }
    public string? Verbose { get; set; }
    public string? Warning { get; set; }
    /// <summary>The port finished a board (successfully or not) and takes the next.</summary>
    public bool Finished { get; set; }
}

/// <summary>
/// Gang programming: one worker per port, each flashing one board at a time, fed from a queue of boards. A board whose
/// MAC was already flashed in this run is refused (a board not swapped between two devices would otherwise get a
/// second identity). Events arrive in <see cref="Events"/>.
/// </summary>
public sealed class EspGang : IDisposable
{
    private readonly BlockingCollection<EspFlashRequest> _queue = new(new ConcurrentQueue<EspFlashRequest>(), 1);
    private readonly List<Thread> _workers = new();
    private readonly Func<string, int, IEspTransport> _open;
    private readonly EspFlashSettings _settings;
    private readonly CancellationTokenSource _cancel = new();
    private readonly ConcurrentDictionary<string, string> _macs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Func<string, EspFlashRequest, string?>? _boardCheck;
    private int _running;

    /// <param name="boardCheck">
    /// Asked with each board's MAC after connecting and before anything is written: a refusal (a device manifest that
    /// records the board as flashed with another device, in any run on any station) stops that board with
    /// EspBoardAlreadyFlashed. Null: only this run's boards are checked.
    /// </param>
    public EspGang(IReadOnlyList<string> ports, Func<string, int, IEspTransport> open, EspFlashSettings settings, Func<string, EspFlashRequest, string?>? boardCheck = null)
    {
        _open = open;
        _settings = settings;
        _boardCheck = boardCheck;
        foreach (string port in ports)
        {
            var t = new Thread(() => Work(port)) { IsBackground = true, Name = "esp-gang " + port };
            _workers.Add(t);
        }
        _running = _workers.Count;
        _workers.ForEach(t => t.Start());
    }

    public BlockingCollection<EspGangEvent> Events { get; } = new();

    /// <summary>Queues a board; false when every port is busy and the queue is full after <paramref name="wait"/>.</summary>
    public bool TrySubmit(EspFlashRequest request, TimeSpan wait) => _queue.TryAdd(request, wait);

    /// <summary>No more boards: workers finish theirs and stop; <see cref="Events"/> completes after the last.</summary>
    public void Complete() => _queue.CompleteAdding();

    public void Cancel() => _cancel.Cancel();

    private void Work(string port)
    {
        try
        {
            foreach (var request in _queue.GetConsumingEnumerable(_cancel.Token))
            {
                Flash(port, request);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            if (Interlocked.Decrement(ref _running) == 0)
            {
                Events.CompleteAdding();
            }
        }
    }

    private void Flash(string port, EspFlashRequest request)
    {
        try
        {
            using var transport = _open(port, Math.Min(115200, _settings.Baud));
            var results = EspFlasher.Flash(transport, request, _settings,
                p => Events.Add(new EspGangEvent { Port = port, Request = request, Progress = p }),
                v => Events.Add(new EspGangEvent { Port = port, Request = request, Verbose = v }),
                w => Events.Add(new EspGangEvent { Port = port, Request = request, Warning = w }),
                loader => Check(loader.MacText, request, port), _cancel.Token);
            _macs[results[0].Mac] = Name(request);
            Events.Add(new EspGangEvent { Port = port, Request = request, Results = results, Finished = true });
        }
        catch (MfgException e)
        {
            Events.Add(new EspGangEvent { Port = port, Request = request, Error = e, Finished = true });
        }
        catch (OperationCanceledException)
        {
            Events.Add(new EspGangEvent { Port = port, Request = request, Finished = true,
                Error = new MfgException(ErrorIds.EspStopped, MfgErrorKind.OperationTimeout, $"Stopped while flashing on '{port}'; the board's flash is incomplete.", port) });
        }
    }

    private static string Name(EspFlashRequest request) => request.DeviceId ?? request.Images.FirstOrDefault()?.Path ?? "?";

    /// <summary>Refuses a board that was already flashed successfully in this run with another device.</summary>
    private string? Check(string mac, EspFlashRequest request, string port) =>
        _macs.TryGetValue(mac, out string? holder) && holder != Name(request)
            ? $"The board on '{port}' (MAC {mac}) was already flashed with {holder} in this run; put a new board on the port before flashing {Name(request)}."
            : _boardCheck?.Invoke(mac, request) is string refusal ? $"The board on '{port}' (MAC {mac}) {refusal}" : null;

    public void Dispose()
    {
        _cancel.Cancel();
        foreach (var t in _workers)
        {
            t.Join(TimeSpan.FromSeconds(5));
        }
        _queue.Dispose();
        _cancel.Dispose();
    }
}
