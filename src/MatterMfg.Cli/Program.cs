using System;

namespace MatterMfg.Cli;

/// <summary>Entry point of <c>mattermfg</c>.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("mattermfg: not implemented yet");
        return 1;
    }
}
