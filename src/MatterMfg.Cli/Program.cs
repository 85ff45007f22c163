using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;

namespace MatterMfg.Cli;

/// <summary>Entry point of <c>mattermfg</c>: esp-matter-mfg-tool's command line over <see cref="FactoryRun"/>.</summary>
public static class Program
{
    public static int Main(string[] args) =>
        Run(args, Console.Out, Console.Error, Environment.CurrentDirectory, null);

    /// <summary>
    /// Runs one command line. Exit codes: 0 every device was made; 1 some devices failed (the others were made); 2 a
    /// usage or setup error (nothing was made). Relative paths resolve against <paramref name="workingDirectory"/>.
    /// </summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, string workingDirectory, IFactoryEngine? engine)
    {
        try
        {
            return RunUnguarded(args, stdout, stderr, workingDirectory, engine);
        }
        catch (Exception e) when (!(e is OutOfMemoryException))
        {
            // Whatever escaped is still one line naming what failed (never a stack trace); --log-level debug adds the detail.
            var failure = e as MfgException ?? (e is IOException || e is UnauthorizedAccessException
                ? MfgException.FileError(null, null, e)
                : new MfgException(ErrorIds.UnexpectedFailure, MfgErrorKind.InvalidOperation, "Unexpected failure: " + e.Message, null, e));
            new Log(stdout, stderr, "error").Error(failure.Message);
            if (WantsDebug(args))
            {
                stderr.WriteLine($"{failure.ErrorId}: {e}");
            }
            return 2;
        }
    }

    private static bool WantsDebug(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--log-level=debug" || args[i] == "--log-level" && i + 1 < args.Count && args[i + 1] == "debug")
            {
                return true;
            }
        }
        return false;
    }

    private static int RunUnguarded(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, string workingDirectory, IFactoryEngine? engine)
    {
        MfgToolArguments parsed;
        try
        {
            parsed = MfgToolCommandLine.Parse(args);
        }
        catch (UsageException e)
        {
            stderr.WriteLine("Usage: mattermfg [OPTIONS]   (esp-matter-mfg-tool's options, plus --test-pki)");
            stderr.WriteLine("Try 'mattermfg -h' for help.");
            stderr.WriteLine();
            stderr.WriteLine("Error: " + e.Message);
            return 2;
        }
        if (parsed.Help)
        {
            stdout.WriteLine("Usage: mattermfg [OPTIONS]");
            stdout.WriteLine("Generates Matter factory partitions, as esp-matter-mfg-tool does, with the same options.");
            stdout.WriteLine("--test-pki uses the built-in Matter test PAI (VID 0xFFF1, PID 0x8000): never for production.");
            stdout.WriteLine();
            foreach (string name in MfgToolCommandLine.OptionNames)
            {
                stdout.WriteLine("  " + name);
            }
            return 0;
        }
        var o = parsed.Options;
        o.WorkingDirectory = workingDirectory;
        var log = new Log(stdout, stderr, parsed.LogLevel);
        engine ??= FactoryEngines.Default();
        RunLog adminLog = RunLog.None;
        FactoryManifest? manifest = null;
        FactoryRun? run = null;
        try
        {
            if (o.Attestation == AttestationMode.TestPki)
            {
                log.Warning("--test-pki: the devices get DACs under the public Matter TEST PAI. They cannot pass certification; never ship them.");
            }
            if (parsed.SerialNumberFormat != null && parsed.Manifest == null)
            {
                throw new MfgException(ErrorIds.ManifestRequired, MfgErrorKind.InvalidArgument, "--serial-num-format needs --manifest: the manifest keeps the counter across runs.");
            }
            if (parsed.LogFile != null)
            {
                adminLog = RunLog.Open(o.Resolve(parsed.LogFile));
            }
            FactoryValidation.Validate(o);
            if (parsed.Manifest != null)
            {
                manifest = new FactoryManifest(new Manifest.ManifestStore(o.Resolve(parsed.Manifest)), o, parsed.Batch, parsed.SerialNumberFormat, ownsStore: true);
            }
            run = FactoryRun.Start(o, engine, manifest);
            adminLog.Info($"mattermfg started: VID 0x{o.VendorId:X4} PID 0x{o.ProductId:X4}, output '{run.Layout.Root}'"
                + (manifest != null ? $", manifest '{manifest.Store.Location}' batch '{manifest.Batch}'" : "") + ".");
            var inputs = run.PerDeviceRows ?? Single(o.Count);
            log.Info($"Number of manufacturing NVS images to generate: {(run.PerDeviceRows?.Count ?? Math.Max(0, o.Count)).ToString(CultureInfo.InvariantCulture)}");
            int failed = 0, made = 0, skipped = 0;
            void Report(IReadOnlyList<FactoryDeviceResult> done)
            {
                foreach (var r in done)
                {
                    if (r.Error != null)
                    {
                        failed++;
                        log.Error(r.Error.Message);
                        adminLog.Error($"row {r.RowNumber}", RunLog.Redact(r.Error.Message));
                    }
                    else
                    {
                        made++;
                        log.Info("Generated output files at: " + r.OutputFolder);
                        adminLog.Info($"row {r.RowNumber}: device {r.DeviceId} serial {r.SerialNumber} made in '{r.OutputFolder}'.");
                    }
                }
            }
            int slot = 0;
            foreach (var input in inputs)
            {
                var next = input;
                if (manifest != null)
                {
                    FactoryAdmission a;
                    try
                    {
                        a = manifest.Admit(input, slot++);
                    }
                    catch (MfgException e)
                    {
                        failed++;
                        log.Error(e.Message);
                        adminLog.Error($"row {input.RowNumber}", RunLog.Redact(e.Message));
                        continue;
                    }
                    if (a.Input == null)
                    {
                        skipped++;
                        log.Info($"Device {a.Device.DeviceId} (row {input.RowNumber}) is {(a.Outcome == Manifest.ReservationOutcome.AlreadyDone ? "already " + a.Device.State : "being made by another run")}; skipped.");
                        continue;
                    }
                    next = a.Input;
                }
                Report(run.Submit(next));
            }
            Report(run.Complete());
            adminLog.Info($"mattermfg finished: {made} made, {skipped} skipped, {failed} failed.");
            log.Info("Generated summary CSV: " + run.SummaryPath);
            if (o.Attestation != AttestationMode.None)
            {
                log.Info("Generated CSV of Common Name and DAC: " + run.CnDacsPath);
            }
            return failed == 0 ? 0 : 1;
        }
        catch (MfgException e)
        {
            log.Error(e.Message);
            adminLog.Error("setup", RunLog.Redact(e.Message));
            return 2;
        }
        finally
        {
            run?.Dispose();
            manifest?.Dispose();
            adminLog.Dispose();
        }
    }

    private static IEnumerable<DeviceInput> Single(int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return new DeviceInput { RowNumber = i + 1 };
        }
    }

    /// <summary>The reference's log format: <c>[time] [  LEVEL] - message</c>; errors to stderr.</summary>
    private sealed class Log
    {
        private readonly TextWriter _out;
        private readonly TextWriter _err;
        private readonly bool _info;

        public Log(TextWriter stdout, TextWriter stderr, string level)
        {
            _out = stdout;
            _err = stderr;
            _info = level != "error";
        }

        public void Info(string m)
        {
            if (_info)
            {
                _out.WriteLine(Line("INFO", m));
            }
        }

        public void Warning(string m) => _err.WriteLine(Line("WARNING", m));

        public void Error(string m) => _err.WriteLine(Line("ERROR", m));

        private static string Line(string level, string m) =>
            $"[{DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture)}] [{level,7}] - {m}";
    }
}
