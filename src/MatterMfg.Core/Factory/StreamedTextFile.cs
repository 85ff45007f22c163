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
    private readonly bool _secret;
    private StreamWriter? _writer;

    /// <param name="secret">The lines hold secrets (passcodes, verifiers): the file is owner-only from its creation.</param>
    public StreamedTextFile(string path, string newline, bool secret = false)
    {
        _path = path;
        _newline = newline;
        _secret = secret;
        _tmp = Path.Combine(Path.GetDirectoryName(path) ?? ".", "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + IO.AtomicFile.TempSuffix);
        var stream = secret ? IO.OwnerOnlyFile.CreateNew(_tmp) : new FileStream(_tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
    }

    public string FilePath => _path;

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
        if (_secret)
        {
            IO.OwnerOnlyFile.MoveReplacing(_tmp, _path);
            return;
        }
        if (File.Exists(_path))
        {
            File.Delete(_path);
        }
        File.Move(_tmp, _path);
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
