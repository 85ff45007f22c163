using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MatterMfg.Factory;

namespace MatterMfg.Tests.Factory;

/// <summary>The factory's worker pipeline: order, the admission window, stopping and cancelling, errors.</summary>
public class OrderedPipelineTests
{
    private sealed class Job
    {
        public int Index;
        public bool Work = true;
        public bool Computed;
        public bool Written;
        public int ComputeThread;
        public int WriteThread;
    }

    /// <summary>Enumerates on a task, so that a pipeline that never ends fails the test instead of hanging the run.</summary>
    private static List<Job> Drain(IEnumerable<Job> items)
    {
        var task = Task.Run(() => items.ToList());
        Assert.True(task.Wait(TimeSpan.FromMinutes(2)), "the pipeline did not end");
        return task.Result;
    }

    private static OrderedPipeline<Job> Pipeline(int count, Func<int, Job> admit, CancellationToken cancel = default, Action<Job>? compute = null, int window = 4) =>
        new(count, admit, j => j.Work,
            compute ?? (j => { j.Computed = true; j.ComputeThread = Environment.CurrentManagedThreadId; }),
            j => { j.Written = j.Computed; j.WriteThread = Environment.CurrentManagedThreadId; },
            workers: 2, window: window, cancel);

    [Fact]
    public void Items_come_back_in_input_order_computed_on_workers_and_written_on_another_thread()
    {
        var random = new Random(7);
        // Uneven work, so that items finish out of order.
        using var p = Pipeline(200, i => new Job { Index = i, Work = i % 7 != 0 }, compute: j =>
        {
            Thread.SpinWait(random.Next(0, 20000));
            j.Computed = true;
            j.ComputeThread = Environment.CurrentManagedThreadId;
        });
        var done = Drain(p.InOrder());
        Assert.Equal(Enumerable.Range(0, 200), done.Select(j => j.Index));
        Assert.All(done.Where(j => j.Work), j => Assert.True(j.Written && j.ComputeThread != j.WriteThread));
        Assert.All(done.Where(j => !j.Work), j => Assert.False(j.Computed || j.Written)); // decided at admission
        Assert.Empty(p.Stop());
    }

    [Fact]
    public void Admission_stays_within_the_window_ahead_of_the_consumer()
    {
        int admitted = -1, handedOut = 0, worst = 0;
        using var p = Pipeline(100, i =>
        {
            admitted = i;
            worst = Math.Max(worst, i - Volatile.Read(ref handedOut));
            return new Job { Index = i };
        }, window: 5);
        foreach (var j in p.InOrder())
        {
            Volatile.Write(ref handedOut, j.Index + 1);
        }
        Assert.Equal(99, admitted);
        Assert.InRange(worst, 1, 4); // at most window - 1 items beyond the one the consumer waits for
    }

    [Fact]
    public void A_consumer_that_stops_gets_the_finished_items_from_Stop_and_nothing_new_starts()
    {
        var computed = new ConcurrentBag<int>();
        using var p = Pipeline(1000, i => new Job { Index = i }, compute: j =>
        {
            j.Computed = true;
            computed.Add(j.Index);
        });
        var first = p.InOrder().Take(3).ToList();
        var rest = p.Stop();
        Assert.Equal(new[] { 0, 1, 2 }, first.Select(j => j.Index));
        // Every item that was computed is either handed out or returned by Stop, written, in order; the window bounds them.
        Assert.Equal(computed.OrderBy(x => x), first.Concat(rest).Select(j => j.Index));
        Assert.All(rest, j => Assert.True(j.Written));
        Assert.True(computed.Count <= 3 + 4, $"{computed.Count} computed");
    }

    [Fact]
    public void Cancelling_while_an_item_is_admitted_ends_the_run_without_starting_it()
    {
        // The workers may see the cancellation and exit before the item being admitted is published: it must not be
        // left queued for a worker that is gone (that hung mattermfg after Ctrl+C).
        for (int round = 0; round < 5; round++)
        {
            using var cts = new CancellationTokenSource();
            var computed = new ConcurrentBag<int>();
            using var p = Pipeline(50, i =>
            {
                if (i == 3)
                {
                    cts.Cancel();
                    Thread.Sleep(20); // let the idle workers see it and exit first
                }
                return new Job { Index = i };
            }, cts.Token, compute: j =>
            {
                j.Computed = true;
                computed.Add(j.Index);
            });
            var done = Drain(p.InOrder());
            Assert.Equal(computed.OrderBy(x => x), done.Select(j => j.Index));
            Assert.DoesNotContain(3, done.Select(j => j.Index));
            Assert.Empty(p.Stop());
        }
    }

    [Fact]
    public void Items_decided_at_admission_after_a_cancellation_are_still_handed_out()
    {
        using var cts = new CancellationTokenSource();
        using var allAdmitted = new ManualResetEventSlim();
        using var p = Pipeline(6, i =>
        {
            if (i == 5)
            {
                allAdmitted.Set();
            }
            return new Job { Index = i, Work = i != 2 };
        }, cts.Token, compute: j =>
        {
            if (j.Index == 0)
            {
                allAdmitted.Wait();
                cts.Cancel();
            }
            j.Computed = true;
        }, window: 6);
        var done = Drain(p.InOrder());
        // Item 0 was in progress and is finished; item 2 needed no work; what was not started is not handed out.
        Assert.Contains(0, done.Select(j => j.Index));
        Assert.Contains(2, done.Select(j => j.Index));
        Assert.All(done, j => Assert.True(j.Index == 2 || j.Written));
    }

    [Fact]
    public void A_failure_in_a_stage_surfaces_at_its_item_in_order()
    {
        using var p = Pipeline(20, i => new Job { Index = i }, compute: j =>
        {
            if (j.Index == 5)
            {
                throw new InvalidOperationException("boom at 5");
            }
            j.Computed = true;
        });
        var seen = new List<int>();
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var j in p.InOrder())
            {
                seen.Add(j.Index);
            }
        });
        Assert.Equal("boom at 5", e.Message);
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, seen);
        Assert.All(p.Stop(), j => Assert.True(j.Index > 5 && j.Written));
    }
}
