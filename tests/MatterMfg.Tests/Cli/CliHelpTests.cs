using System;
using System.IO;
using System.Linq;
using MatterMfg.Cli;
using MatterMfg.Factory;
using MatterMfg.Tests.Factory;

namespace MatterMfg.Tests.Cli;

/// <summary><c>mattermfg --help</c> and <c>--version</c>, as a user runs them.</summary>
public class CliHelpTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr, Path.GetTempPath(), new FakeFactoryEngine());
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Every_option_the_parser_takes_is_described_and_the_help_names_no_other()
    {
        var parsed = MfgToolCommandLine.OptionNames.Select(n => string.Join(", ", n)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var described = CliHelp.Groups.SelectMany(g => g.Options).Select(o => string.Join(", ", o.Names)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(parsed, described);

        string help = Run("--help").Out;
        var lines = help.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        foreach (var option in CliHelp.Groups.SelectMany(g => g.Options))
        {
            string head = "  " + string.Join(", ", option.Names) + (option.Value == null ? "" : " " + option.Value);
            Assert.True(lines.Any(l => l.StartsWith(head, StringComparison.Ordinal)), head + " is not in the help");
            Assert.False(string.IsNullOrWhiteSpace(option.Text), head + " says nothing");
        }
    }

    [Fact]
    public void Options_that_take_a_value_show_one_and_flags_do_not()
    {
        foreach (var option in CliHelp.Groups.SelectMany(g => g.Options).Where(o => o.Names[0] != "-h" && o.Names[0] != "--version"))
        {
            // A flag parses with nothing after it; an option with a value needs one ("requires an argument").
            string name = option.Names[^1];
            var error = Record.Exception(() => MfgToolCommandLine.Parse(new[] { "-v", "1", "-p", "1", name }));
            bool needsValue = error is UsageException u && u.Message.Contains("requires an argument");
            Assert.True(needsValue == (option.Value != null), $"{name}: help says {(option.Value == null ? "flag" : "value " + option.Value)}");
        }
    }

    [Fact]
    public void Help_is_grouped_as_the_reference_and_fits_80_columns()
    {
        var (code, output, error) = Run("-h");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.StartsWith("Usage: mattermfg [OPTIONS]", output);
        string[] groups =
        {
            "General options:", "Commissioning options:", "Device attestation credential options:", "Input certificate type (one of):",
            "Device instance information options:", "Device instance options:", "Few more Basic clusters options:",
            "Extra information options using csv files:", "MatterMfg options (not in esp-matter-mfg-tool):",
        };
        var positions = groups.Select(g => output.IndexOf("\n" + g, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.OrderBy(p => p), positions);
        Assert.All(output.Split('\n'), l => Assert.True(l.TrimEnd('\r').Length <= 80, l));
    }

    [Fact]
    public void Help_states_allowed_values_and_the_defaults_the_tool_uses()
    {
        string help = string.Join(" ", Run("--help").Out.Split(new[] { ' ', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries));
        var defaults = new FactoryOptions();
        Assert.Contains($"-n, --count INTEGER Number of devices to make.", help);
        Assert.Contains($"[default: {defaults.Count}]", help);
        Assert.Contains($"[default: 0x{defaults.PartitionSize:X}]", help);
        Assert.Contains("Allowed: 0 Standard, 1 User-Intent, 2 Custom. [default: 0]", help);
        Assert.Contains("Allowed: 2 BLE, 4 On-network, 6 BLE and on-network. [default: 2 (BLE)]", help);
        Assert.Contains("Allowed: debug, info, error. [default: info]", help);
        Assert.Contains($"Allowed: 1000..100000. [default: {defaults.IterationCount}]", help);
        Assert.Contains("Allowed: " + string.Join(", ", FactoryEnums.ProductColors) + ".", help);
        Assert.Contains($"[default: {defaults.OutputDirectory} (under the current directory)]", help);
    }

    [Fact]
    public void Version_prints_the_assembly_version_and_exits()
    {
        var (code, output, error) = Run("--version");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        var v = typeof(CliHelp).Assembly.GetName().Version!;
        Assert.Equal($"mattermfg {v.Major}.{v.Minor}.{v.Build}", output.Trim());
        Assert.Equal(2, Run("--version=1").Code);
    }
}
