using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MatterMfg.Diagnostics;
using MatterMfg.Ledger;

namespace MatterMfg.Cli;

/// <summary>
/// <c>mattermfg manifest init CONNECTION</c> / <c>mattermfg manifest init --script</c>: what Initialize-MatterManifest
/// does, for a DBA without PowerShell. Creates or migrates a PostgreSQL ledger's tables (the password from PGPASSWORD,
/// the pgpass file or the connection string; never printed), or prints their SQL to review and run by hand. Exit codes:
/// 0 done, 1 an error (nothing changed), 2 a usage error.
/// </summary>
public static class ManifestCommandLine
{
    public const string Usage =
        "usage: mattermfg manifest init [--manifest] CONNECTION\n" +
        "       mattermfg manifest init --script\n" +
        "\n" +
        "Creates or migrates the tables of a PostgreSQL device ledger (what stations create on first use when their\n" +
        "login may), or prints their SQL for a DBA to review and run by hand.\n" +
        "\n" +
        "  CONNECTION   Host=db01;Database=factory;Username=mfg_owner, or postgres://mfg_owner@db01/factory;\n" +
        "               the password comes from PGPASSWORD, the pgpass file, or the string itself (never printed)\n" +
        "  --script     print the SQL of the current schema version instead; needs no server";

    /// <summary>Runs <c>mattermfg manifest …</c>: <paramref name="args"/> is the whole command line, starting with <c>manifest</c>.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var words = args.Skip(1).ToList();
        if (words.Count > 0 && (words[0] == "-h" || words[0] == "--help") || words.Count > 1 && words.Skip(1).Any(w => w == "-h" || w == "--help"))
        {
            stdout.WriteLine(Usage);
            return 0;
        }
        string? problem = words.Count == 0 ? "the following arguments are required: init"
            : words[0] != "init" ? $"argument subcommand: invalid choice: '{words[0]}' (choose from 'init')"
            : null;
        var rest = words.Skip(1).ToList();
        bool script = rest.Remove("--script");
        rest.Remove("--manifest");
        if (problem == null && (script ? rest.Count != 0 : rest.Count != 1))
        {
            problem = script ? "--script takes no connection string" : "init needs one connection string (Host=...;Database=... or postgres://...)";
        }
        if (problem != null)
        {
            stderr.WriteLine(Usage.Split('\n')[0]);
            stderr.WriteLine("mattermfg manifest: error: " + problem);
            return 2;
        }
        if (script)
        {
            stdout.Write(LedgerSchema.Script());
            return 0;
        }
        try
        {
            string connection = rest[0];
            var applied = DeviceLedger.Initialize(connection);
            string shown = LedgerConnection.Parse(connection).Display;
            stdout.WriteLine(applied.Count == 0
                ? $"Ledger '{shown}': schema version {LedgerSchema.CurrentVersion}, up to date; nothing changed."
                : $"Ledger '{shown}': schema version {LedgerSchema.CurrentVersion}; applied {string.Join(", ", applied)}.");
            stdout.WriteLine("Grant each station's login SELECT, INSERT, UPDATE on the tables and USAGE on the sequence (see 'mattermfg manifest init --script').");
            return 0;
        }
        catch (MfgException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return 1;
        }
    }
}
