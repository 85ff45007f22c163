<#
.SYNOPSIS
    Builds, tests and packages MatterMfg. Runs on Windows PowerShell 5.1 and PowerShell 7+.
.DESCRIPTION
    Build    dotnet build: compiles the solution and assembles the importable module at out/MatterMfg.
    Test     Build, then dotnet test (core + cmdlets in a hosted engine), then the Pester 5 suite (tests/*.Tests.ps1)
             when Pester 5 is installed.
    Package  A Release build copied to out/package/MatterMfg, ready for Publish-Module -Path.
    Clean    Removes out/ and every bin/ and obj/.
.EXAMPLE
    ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string[]] $Task = @('Build'),
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$moduleDir = [IO.Path]::Combine($root, 'out', 'MatterMfg')

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' {
            Invoke-Dotnet build ([IO.Path]::Combine($root, 'MatterMfg.sln')) -c $Configuration
        }
        'Test' {
            Invoke-Dotnet test ([IO.Path]::Combine($root, 'MatterMfg.sln')) -c $Configuration
            $pester = Get-Module -ListAvailable Pester | Where-Object { $_.Version -ge [version]'5.0' } | Sort-Object Version -Descending | Select-Object -First 1
            if ($pester) {
                Import-Module $pester -Force
                $config = New-PesterConfiguration
                $config.Run.Path = [IO.Path]::Combine($root, 'tests')
                $config.Run.Exit = $false
                $config.Run.PassThru = $true
                $config.Output.Verbosity = 'Detailed'
                $result = Invoke-Pester -Configuration $config
                if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed" }
            }
            else {
                Write-Warning 'Pester 5 is not installed: the PowerShell-surface suite (tests/*.Tests.ps1) was skipped. Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser'
            }
        }
        'Package' {
            Invoke-Dotnet build ([IO.Path]::Combine($root, 'MatterMfg.sln')) -c Release
            $package = [IO.Path]::Combine($root, 'out', 'package', 'MatterMfg')
            if (Test-Path $package) { Remove-Item $package -Recurse -Force }
            New-Item -ItemType Directory -Path $package -Force | Out-Null
            Copy-Item -Path ([IO.Path]::Combine($moduleDir, '*')) -Destination $package -Recurse
            Test-ModuleManifest ([IO.Path]::Combine($package, 'MatterMfg.psd1')) | Out-Null
            Write-Host "Package ready: Publish-Module -Path '$package' -NuGetApiKey <key>"
        }
        'Clean' {
            $out = [IO.Path]::Combine($root, 'out')
            if (Test-Path $out) { Remove-Item $out -Recurse -Force }
            Get-ChildItem -Path ([IO.Path]::Combine($root, 'src')), ([IO.Path]::Combine($root, 'tests')) -Directory -Recurse -Include bin, obj |
                Remove-Item -Recurse -Force
        }
    }
}
