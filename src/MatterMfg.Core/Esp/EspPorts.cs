using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Ports;
using System.Linq;
using System.Runtime.InteropServices;

namespace MatterMfg.Esp;

/// <summary>A serial port of this computer, with what the OS says about its USB device.</summary>
public sealed class EspPortInfo
{
    public string Name { get; set; } = "";
    /// <summary>USB vendor:product id in hex (10C4:EA60 CP210x, 1A86:7523 CH340, 0403:6001 FTDI, 303A:1001 Espressif USB-Serial/JTAG).</summary>
    public string? VidPid { get; set; }
    public string? Manufacturer { get; set; }
    public string? Description { get; set; }
    public string? SerialNumber { get; set; }

    /// <summary>The -Before mode that fits: Usb for the chip's own USB-Serial/JTAG, Default for a USB-UART bridge.</summary>
    public EspBefore SuggestedBefore => string.Equals(VidPid, "303A:1001", StringComparison.OrdinalIgnoreCase) ? EspBefore.Usb : EspBefore.Default;
}

/// <summary>
/// Lists serial ports. Linux: /dev/ttyUSB*, ttyACM*, ttyS* with a device behind them, USB ids from sysfs. macOS:
/// /dev/cu.*. Windows: the names SerialPort reports (USB ids are in the registry, which netstandard2.0 cannot reach
/// without another package: use Get-PnpDevice for them).
/// </summary>
public static class EspPorts
{
    public static IReadOnlyList<EspPortInfo> List()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return SerialPort.GetPortNames().Distinct().OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal)
                .Select(n => new EspPortInfo { Name = n }).ToList();
        }
        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            return SafeFiles("/dev", "cu.*").OrderBy(n => n, StringComparer.Ordinal).Select(n => new EspPortInfo { Name = n }).ToList();
        }
        var result = new List<EspPortInfo>();
        foreach (string sys in SafeDirectories("/sys/class/tty").OrderBy(d => d, StringComparer.Ordinal))
        {
            string name = Path.GetFileName(sys);
            string device = Path.Combine(sys, "device");
            if (!Directory.Exists(device) || !File.Exists("/dev/" + name))
            {
                continue;
            }
            var info = new EspPortInfo { Name = "/dev/" + name };
            // The USB device directory is an ancestor of the tty's device with idVendor/idProduct files.
            for (var dir = new DirectoryInfo(ResolveLink(device)); dir != null && dir.FullName.StartsWith("/sys/devices", StringComparison.Ordinal); dir = dir.Parent)
            {
                string vid = Path.Combine(dir.FullName, "idVendor");
                if (File.Exists(vid))
                {
                    info.VidPid = (Read(vid) + ":" + Read(Path.Combine(dir.FullName, "idProduct"))).ToUpperInvariant();
                    info.Manufacturer = Read(Path.Combine(dir.FullName, "manufacturer"));
                    info.Description = Read(Path.Combine(dir.FullName, "product"));
                    info.SerialNumber = Read(Path.Combine(dir.FullName, "serial"));
                    break;
                }
            }
            if (info.VidPid == null && name.StartsWith("ttyS", StringComparison.Ordinal) && !File.Exists(Path.Combine(device, "resources")))
            {
                // Legacy ttyS0..31 placeholders without hardware behind them.
                continue;
            }
            result.Add(info);
        }
        return result;
    }

    /// <summary>The physical sysfs path behind a link (netstandard2.0 has no API for it; libc realpath does it).</summary>
    private static string ResolveLink(string path)
    {
        IntPtr resolved = RealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return path;
        }
        try
        {
            return Marshal.PtrToStringAnsi(resolved) ?? path;
        }
        finally
        {
            Free(resolved);
        }
    }

    [DllImport("libc", EntryPoint = "realpath", CharSet = CharSet.Ansi)]
    private static extern IntPtr RealPath(string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);

    private static string? Read(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<string> SafeDirectories(string path)
    {
        try
        {
            return Directory.Exists(path) ? Directory.GetDirectories(path) : Array.Empty<string>();
        }
        catch (IOException)
        {
            return Array.Empty<string>();
        }
        catch (UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }

    private static IEnumerable<string> SafeFiles(string path, string pattern)
    {
        try
        {
            return Directory.GetFiles(path, pattern);
        }
        catch (IOException)
        {
            return Array.Empty<string>();
        }
        catch (UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }
}
