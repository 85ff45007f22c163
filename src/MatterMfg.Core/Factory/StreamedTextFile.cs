using System;
using System.IO;
using System.Text;

namespace MatterMfg.Factory;

/// <summary>
/// A text file written line by line during a run and published atomically at the end: the lines go to a hidden
/// temporary file beside the target, which is renamed over the target by <see cref="Commit"/>. A run that dies leaves
/// only the temporary file.
/// </summary>
internal sealed class StreamedTextFile : IDisposable
{
    private readonly string _path;
    private readonly string _tmp;
    private readonly string _newline;
    private StreamWriter? _writer;

    public StreamedTextFile(string path, string newline)
    {
        _path = path;
        FilePath = path;
        _newline = newline;
        _tmp = Path.Combine(Path.GetDirectoryName(path) ?? ".", "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + IO.AtomicFile.TempSuffix);
        _writer = new StreamWriter(new FileStream(_tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), new UTF8Encoding(false));
    }

    /// <summary>The target; after <see cref="Commit"/>, the file actually written.</summary>
    public string FilePath { get; private set; }

    public void WriteLine(string line)
    {
        _writer!.Write(line);
        _writer.Write(_newline);
    }

    public void Commit()
    {
        if (_writer == null)
        {
            return;
        }
        _writer.Flush();
        ((FileStream)_writer.BaseStream).Flush(true);
        _writer.Dispose();
        _writer = null;
        // Two runs in the same second get the same timestamped name: the later one takes the next free "-N" name
        // instead of replacing the earlier run's list (runs on one folder are serialized by its lock).
        string target = _path;
        for (int n = 2; File.Exists(target); n++)
        {
            target = Path.Combine(Path.GetDirectoryName(_path) ?? ".", Path.GetFileNameWithoutExtension(_path) + "-" + n + Path.GetExtension(_path));
        }
        File.Move(_tmp, target);
        FilePath = target;
    }

    public void Dispose()
    {
        if (_writer != null)
        {
            _writer.Dispose();
            _writer = null;
            try
            {
                File.Delete(_tmp);
            }
            catch (IOException)
            {
            }
        }
    }
}
