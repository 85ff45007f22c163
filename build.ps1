<#
.SYNOPSIS
    Builds, tests and packages MatterMfg. Runs on Windows PowerShell 5.1 and PowerShell 7+.
.DESCRIPTION
    Build    dotnet build: compiles the solution and assembles the importable module at out/MatterMfg.
    Test     Build, then dotnet test (core + cmdlets in the hosted engine), then the Pester suite (tests/*.Tests.ps1)
             with Pester 5.9.1 restored from NuGet, in a child PowerShell process of the same edition.
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
            # Pester 5.9.1 from NuGet (tests/tools/PesterTools.proj), as tests/run-tests.sh and CI use it.
            Invoke-Dotnet restore ([IO.Path]::Combine($root, 'tests', 'tools', 'PesterTools.proj'))
            # The suite runs in a child process: this script's Set-StrictMode and preferences must not leak into the
            # tests, and the module is imported fresh. The child is the PowerShell running this script: powershell.exe
            # on Windows PowerShell; on PowerShell 7 the pwsh in $PSHOME, or pwsh.dll under dotnet for the dotnet tool
            # (`dotnet pwsh`), whose $PSHOME has no pwsh executable.
            $suite = [IO.Path]::Combine($root, 'tests', 'Invoke-PesterSuite.ps1')
            $results = [IO.Path]::Combine($root, 'out', 'test-results', 'pester.xml')
            $psArgs = @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', $suite, '-ResultPath', $results)
            if ($PSVersionTable.PSEdition -eq 'Desktop') {
                & ([IO.Path]::Combine($PSHOME, 'powershell.exe')) @psArgs
            }
            else {
                $exe = [IO.Path]::Combine($PSHOME, $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
                if (Test-Path -LiteralPath $exe -PathType Leaf) { & $exe @psArgs }
                else { & ([Diagnostics.Process]::GetCurrentProcess().MainModule.FileName) ([IO.Path]::Combine($PSHOME, 'pwsh.dll')) @psArgs }
            }
            if ($LASTEXITCODE -ne 0) { throw "The Pester suite failed (exit code $LASTEXITCODE); results in $results" }
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
