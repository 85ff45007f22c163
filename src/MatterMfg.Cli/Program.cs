using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using MatterMfg.Diagnostics;
using MatterMfg.Factory;

namespace MatterMfg.Cli;

/// <summary>Entry point of <c>mattermfg</c>: esp-matter-mfg-tool's command line over <see cref="FactoryBatch"/>.</summary>
public static class Program
{
    /// <summary>Exit code of a run stopped by SIGINT (Ctrl+C) or SIGTERM before every device was made.</summary>
    public const int ExitInterrupted = 130;

    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        // The first SIGINT/SIGTERM stops the run cleanly (devices in progress are finished, the summaries list exactly
        // the devices made, locks are released); a second one is left to the runtime, which ends the process at once.
        void OnSignal(PosixSignalContext c)
        {
            if (!cancel.IsCancellationRequested)
            {
                c.Cancel = true;
                Console.Error.WriteLine("Stopping after the devices in progress (press Ctrl+C again to abort at once)...");
                cancel.Cancel();
            }
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        return Run(args, Console.Out, Console.Error, Environment.CurrentDirectory, new MatterFactoryEngine(), cancel.Token);
    }

    /// <summary>
    /// Runs one command line. Exit codes: 0 every device was made; 1 some devices failed (the others were made); 2 a
    /// usage or setup error or a refused input (nothing was made); 130 stopped by <paramref name="cancel"/> (the devices
    /// made so far are complete and listed). Relative paths resolve against <paramref name="workingDirectory"/>.
    /// </summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, string workingDirectory, IFactoryEngine engine,
        CancellationToken cancel = default)
    {
        try
        {
            return RunUnguarded(args, stdout, stderr, workingDirectory, engine, cancel);
        }
        catch (Exception e) when (!(e is OutOfMemoryException))
        {
            // Whatever escaped is still one line naming what failed (never a stack trace); --log-level debug adds the detail.
            var failure = e as MfgException ?? (e is IOException || e is UnauthorizedAccessException
                ? MfgException.FileError(null, null, e)
                : MfgException.Unexpected(e));
            new Log(stdout, stderr, "error").Error(failure.Message);
            if (WantsDebug(args))
            {
                stderr.WriteLine($"{failure.ErrorId}: {e}");
            }
            return 2;
        }
    }

    /// <summary>How mattermfg names an option in the core's messages: with its short form where the reference has one that users type.</summary>
    private static string CliOptionName(string option) => option switch
    {
        "cn-prefix" => "-cn/--cn-prefix",
        "size" => "-s/--size",
        "commissioning-flow" => "-cf/--commissioning-flow",
        "discovery-mode" => "-dm/--discovery-mode",
        _ => "--" + option,
    };

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

    private static int RunUnguarded(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, string workingDirectory, IFactoryEngine engine,
        CancellationToken cancel)
    {
        if (args.Count > 0 && args[0] == "ota")
        {
            return OtaCommandLine.Run(args, stdout, stderr, workingDirectory);
        }
        if (args.Count > 0 && args[0] == "manifest")
        {
            return ManifestCommandLine.Run(args, stdout, stderr);
        }
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
        if (parsed.Help || parsed.Version)
        {
            CliHelp.Write(stdout, parsed.Help);
            return 0;
        }
        var o = parsed.Options;
        o.WorkingDirectory = workingDirectory;
        var log = new Log(stdout, stderr, parsed.LogLevel);
        if (o.Attestation == AttestationMode.TestPki)
        {
            log.Warning("--test-pki: the devices get DACs under the public Matter TEST PAI. They cannot pass certification; never ship them.");
        }
        var settings = new FactoryBatchSettings
        {
            Options = o, Batch = parsed.Batch, SerialNumberFormat = parsed.SerialNumberFormat,
            LogPath = parsed.LogFile, ProgramName = "mattermfg", Given = option => parsed.Given.Contains("--" + option), OptionName = CliOptionName,
        };
        try
        {
            if (o.KeyPassword != null && SigningKeys.Pkcs11Uri.IsPkcs11Uri(o.KeyPath))
            {
                throw SigningKeys.SigningKeySource.PinOnCommandLine("--pwd", SigningKeys.SigningKeySource.Describe(o.KeyPath!), "--pwd-file", "--pwd");
            }
            using var batch = new FactoryBatch(settings, engine, parsed.Manifest != null ? Ledger.DeviceLedger.Open(parsed.Manifest, o.WorkingDirectory) : null);
            foreach (string w in batch.Warnings)
            {
                log.Warning(w);
            }
            var outcomes = batch.Run(null, cancel);
            log.Info($"Number of manufacturing NVS images to generate: {(batch.PerDeviceRows?.Count ?? o.Count).ToString(CultureInfo.InvariantCulture)}");
            foreach (var r in outcomes)
            {
                switch (r.Kind)
                {
                    case FactoryOutcomeKind.Made:
                        log.Info("Generated output files at: " + r.Device!.OutputFolder);
                        break;
                    case FactoryOutcomeKind.Failed:
                        log.Error(r.Error!.Message);
                        break;
                    case FactoryOutcomeKind.AlreadyDone:
                        log.Info($"Device {r.DeviceId} (row {r.RowNumber}) is already made; skipped.");
                        break;
                    default:
                        log.Info($"Device {r.DeviceId} (row {r.RowNumber}) is being made by another run; skipped.");
                        break;
                }
            }
            log.Info("Generated summary CSV: " + batch.SummaryPath);
            if (o.Attestation != AttestationMode.None)
            {
                log.Info("Generated CSV of Common Name and DAC: " + batch.CnDacsPath);
            }
            if (batch.Interrupted)
            {
                log.Error($"Stopped: {batch.Made} devices made and listed in the summary; run the same command again to resume"
                    + (parsed.Manifest != null ? " (made devices are skipped)." : "."));
                return ExitInterrupted;
            }
            return batch.Failed == 0 ? 0 : 1;
        }
        catch (MfgException e)
        {
            log.Error(e.Message);
            return 2;
        }
        finally
        {
            if (o.KeyPassword != null)
            {
                Array.Clear(o.KeyPassword, 0, o.KeyPassword.Length);
            }
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
