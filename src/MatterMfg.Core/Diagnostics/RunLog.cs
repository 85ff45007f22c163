using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;

namespace MatterMfg.Diagnostics;

/// <summary>Severity of a <see cref="RunLog"/> line.</summary>
public enum RunLogLevel
{
    /// <summary>What was done.</summary>
    Info,
    /// <summary>Something an administrator should look at; the run went on.</summary>
    Warning,
    /// <summary>An item (a row, a device, a board) failed; the others went on.</summary>
    Error,
}

/// <summary>
/// A plain-text log for unattended runs that an administrator can read: one line per event,
/// <c>2026-11-25T05:40:00.123Z  STATION  run-id  ERROR  row 7: ...</c>. Each line is appended at the end of the file
/// under a lock file (<c>&lt;log&gt;.lock</c>) with one write, and flushed, so several processes (two stations,
/// overlapping scheduled tasks) can share one log and a crash loses at most the line being written. The log takes only the messages the callers compose; callers never pass passcodes,
/// salts, verifiers or keys. <see cref="Redact"/> is a second line of defence for free text that came from input.
/// </summary>
public sealed class RunLog : IDisposable
{
    private readonly object _gate = new();
    private readonly FileStream? _stream;
    private int _errors;
    private int _warnings;

    private RunLog(FileStream? stream, string runId, string station)
    {
        _stream = stream;
        RunId = runId;
        Station = station;
    }

    /// <summary>A log that writes nothing (no -LogPath given).</summary>
    public static RunLog None { get; } = new(null, "-", Environment.MachineName);

    /// <summary>Opens (creating when missing) the log at <paramref name="path"/> for appending.</summary>
    public static RunLog Open(string path, string? runId = null, string? station = null)
    {
        string full = Path.GetFullPath(path);
        try
        {
            string? dir = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }
            var fs = new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.WriteThrough);
            return new RunLog(fs, runId ?? Guid.NewGuid().ToString("N").Substring(0, 12), station ?? Environment.MachineName);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
        {
            throw MfgException.FileError("The log file", full, e, writing: true);
        }
    }

    /// <summary>Identifies this run's lines when several runs share a log.</summary>
    public string RunId { get; }

    /// <summary>The station (machine) name written on each line.</summary>
    public string Station { get; }

    /// <summary>Number of <see cref="RunLogLevel.Error"/> lines written so far.</summary>
    public int ErrorCount => Volatile.Read(ref _errors);

    /// <summary>Number of <see cref="RunLogLevel.Warning"/> lines written so far.</summary>
    public int WarningCount => Volatile.Read(ref _warnings);

    /// <summary>Appends an informational line.</summary>
    public void Info(string message) => Write(RunLogLevel.Info, message);

    /// <summary>Appends a warning line.</summary>
    public void Warning(string message) => Write(RunLogLevel.Warning, message);

    /// <summary>Appends an error line naming the failed item.</summary>
    public void Error(string item, string message) => Write(RunLogLevel.Error, item + ": " + message);

    /// <summary>Appends one line at <paramref name="level"/>. Thread-safe.</summary>
    public void Write(RunLogLevel level, string message)
    {
        if (level == RunLogLevel.Error)
        {
            Interlocked.Increment(ref _errors);
        }
        else if (level == RunLogLevel.Warning)
        {
            Interlocked.Increment(ref _warnings);
        }
        if (_stream is null)
        {
            return;
        }
        string line = FormatLine(DateTimeOffset.UtcNow, Station, RunId, level, message);
        byte[] bytes = Encoding.UTF8.GetBytes(line);
        lock (_gate)
        {
            // Another process may have appended since our last line: under the log's lock file, write at the current end.
            using (IO.FileLock.Acquire(_stream.Name + ".lock", TimeSpan.FromSeconds(30), "log file " + _stream.Name))
            {
                _stream.Seek(0, SeekOrigin.End);
                _stream.Write(bytes, 0, bytes.Length);
                _stream.Flush();
            }
        }
    }

    /// <summary>The text of one log line, ending in a newline. Line breaks and tabs inside the message are flattened.</summary>
    public static string FormatLine(DateTimeOffset time, string station, string runId, RunLogLevel level, string message)
    {
        var sb = new StringBuilder(64 + message.Length);
        sb.Append(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        sb.Append("  ").Append(station).Append("  ").Append(runId).Append("  ");
        sb.Append(level switch { RunLogLevel.Error => "ERROR", RunLogLevel.Warning => "WARN ", _ => "INFO " });
        sb.Append("  ");
        foreach (char c in message)
        {
            sb.Append(c is '\r' or '\n' or '\t' ? ' ' : c);
        }
        sb.Append(Environment.NewLine);
        return sb.ToString();
    }

    /// <summary>
    /// Masks values that look like secrets in free text that came from input (for example a CSV cell echoed in an error
    /// message): any <c>name=value</c> or <c>name: value</c> whose name mentions a passcode, PIN, salt, verifier, key or
    /// password becomes <c>name=***</c>.
    /// </summary>
    public static string Redact(string text)
    {
        return System.Text.RegularExpressions.Regex.Replace(
            text,
            @"(?i)\b([\w-]*(passcode|pincode|pin|salt|verifier|password|passwd|private[\w-]*key|secret)[\w-]*)(\s*[=:]\s*)(""[^""]*""|'[^']*'|[^\s,;]+)",
            "$1$3***");
    }

    /// <inheritdoc />
    public void Dispose() => _stream?.Dispose();
}
