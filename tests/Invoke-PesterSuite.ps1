<#
.SYNOPSIS
    Runs the Pester suite (tests/*.Tests.ps1) against the built module in out/MatterMfg, with Pester 5.9.1 restored from
    NuGet by tests/tools/PesterTools.proj. Writes NUnit 3 XML to -ResultPath; exits non-zero when a test fails.
#>
param([string] $ResultPath)
# The tests run with a user's default preferences ($ErrorActionPreference = 'Continue', no StrictMode): a non-terminating
# error per bad row must stay non-terminating, as a user meets it.
$nugetRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { [IO.Path]::Combine([Environment]::GetFolderPath('UserProfile'), '.nuget', 'packages') }
Import-Module ([IO.Path]::Combine($nugetRoot, 'pester', '5.9.1', 'tools', 'Pester.psd1')) -Force -ErrorAction Stop
$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
if ($ResultPath) {
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnit3'
    $config.TestResult.OutputPath = $ResultPath
}
# The PostgreSQL ledger tests read MATTERMFG_TEST_PG from the environment (tests/TestPostgres.ps1); say which server.
if ($env:MATTERMFG_TEST_PG) { "PostgreSQL ledger tests on: $($env:MATTERMFG_TEST_PG -replace '(?i)(password\s*=)[^;]*', '$1***')" }
elseif ($env:CI -eq 'true') { 'MATTERMFG_TEST_PG is not set: the PostgreSQL ledger tests fail (CI must start the server).' }
else { 'MATTERMFG_TEST_PG is not set: the PostgreSQL ledger tests are skipped.' }
$result = Invoke-Pester -Configuration $config
"Pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped"
exit ([int]($result.FailedCount -gt 0 -or $result.Result -ne 'Passed'))
