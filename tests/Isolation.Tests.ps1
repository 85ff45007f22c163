# Pester 5: the module's dependencies live in an AssemblyLoadContext of its own (PowerShell 7). Each test starts a fresh
# pwsh, loads another version of one of the module's dependencies into PowerShell's own (default) context first, as
# another module or a profile would, then imports MatterMfg and uses the dependency through a cmdlet. The other versions
# come from the NuGet cache (tests/tools/PesterTools.proj downloads them).

BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestPostgres.ps1'))
    # Here too, for the test server's schemas (TestPostgres.ps1 reaches Npgsql through the module).
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
    $script:module = [IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')
    $script:lib = (Resolve-Path ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'lib'))).Path
    $nuget = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { [IO.Path]::Combine([Environment]::GetFolderPath('UserProfile'), '.nuget', 'packages') }
    $script:otherBouncyCastle = [IO.Path]::Combine($nuget, 'bouncycastle.cryptography', '2.4.0', 'lib', 'net6.0', 'BouncyCastle.Cryptography.dll')
    $script:otherLogging = [IO.Path]::Combine($nuget, 'microsoft.extensions.logging.abstractions', '6.0.0', 'lib', 'netstandard2.0', 'Microsoft.Extensions.Logging.Abstractions.dll')

    # Copies $Dll into a folder of its own and runs $Script in a new pwsh of this edition that has loaded that copy into
    # its default context first ($other is the loaded assembly); returns what $Script writes, as objects (JSON).
    function Invoke-AfterOtherVersion([string] $Dll, [string] $Script) {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))
        Copy-Item -LiteralPath $Dll -Destination $folder
        $copy = Join-Path $folder (Split-Path $Dll -Leaf)
        $child = Join-Path $folder 'child.ps1'
        Set-Content -LiteralPath $child -Value @"
`$ErrorActionPreference = 'Stop'
`$WarningPreference = 'SilentlyContinue'
Set-Location -LiteralPath '$folder'
`$other = [Reflection.Assembly]::LoadFrom('$copy')
$Script
"@
        $exe = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        # Under `dotnet pwsh` the process is dotnet and pwsh is a DLL in $PSHOME.
        $pwsh = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @($exe, [IO.Path]::Combine($PSHOME, 'pwsh.dll')) } else { @($exe) }
        $out = & $pwsh[0] $pwsh[1..9] -NoProfile -NonInteractive -File $child 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        ($out -join "`n") | ConvertFrom-Json
    }

    # What the child reports about load contexts: which of the module's lib/ assemblies are in the default context and
    # from where, and where the module's own context loaded its copies from.
    $script:report = @'
function Get-LoadContextReport {
$lib = [IO.Path]::Combine((Get-Module MatterMfg).ModuleBase, 'lib')
$ours = Get-ChildItem -LiteralPath $lib -Filter *.dll | ForEach-Object BaseName
$default = [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies | Where-Object { $_.GetName().Name -in $ours }
$own = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([MatterMfg.Factory.FactoryDevice].Assembly)
[ordered]@{
    DefaultContext = @($default | ForEach-Object { [ordered]@{ Name = $_.GetName().Name; Location = $_.Location } })
    ModuleContext  = $own.Name
    ModuleCopies   = @($own.Assemblies | ForEach-Object { [ordered]@{ Name = $_.GetName().Name; Location = $_.Location } })
    PSHome         = $PSHOME
    Runtime        = [IO.Path]::GetDirectoryName([object].Assembly.Location)
}
}
'@
    # The module's assemblies in the default context may only be what PowerShell or the runtime ship themselves
    # (Microsoft.Bcl.AsyncInterfaces from $PSHOME, System.Memory from .NET...), or the other version the test loaded.
    function Assert-Isolated($Report, [string] $OtherName, [string] $OtherCopy) {
        $foreign = @($Report.DefaultContext | Where-Object {
                -not $_.Location.StartsWith($Report.PSHome) -and -not $_.Location.StartsWith($Report.Runtime) -and $_.Location -ne $OtherCopy })
        $foreign | ForEach-Object { "$($_.Name) from $($_.Location)" } | Should -BeNullOrEmpty
        @($Report.DefaultContext | Where-Object Name -match '^(MatterMfg\.|Npgsql$|QRCoder$|Pkcs11Interop$|Microsoft\.Extensions\.)' |
                Where-Object Location -ne $OtherCopy) | Should -BeNullOrEmpty
        $Report.ModuleContext | Should -Be 'MatterMfg'
        ($Report.ModuleCopies | Where-Object Name -eq $OtherName).Location | Should -Be (Join-Path $script:lib "$OtherName.dll")
    }
}

Describe 'MatterMfg beside another version of its dependencies' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    It 'issues a DAC, makes a factory image and a QR image with BouncyCastle 2.4 already loaded' {
        $r = Invoke-AfterOtherVersion $otherBouncyCastle (@"
Import-Module '$module'
`$dac = New-MatterDac -TestAttestation -VendorId 0xFFF1 -ProductId 0x8000 -OutputPath dac
`$image = New-MatterFactoryImage -Count 1 -TestAttestation -OutputPath gen -WarningAction SilentlyContinue
`$qr = Get-MatterOnboardingPayload -VendorId 0xFFF1 -ProductId 0x8000 -Passcode 20202021 -Discriminator 3840 -QrImagePath qr.png
$report
`$facts = Get-LoadContextReport
`$facts.Other = [ordered]@{ Version = `$other.GetName().Version.ToString(); Location = `$other.Location; File = [Diagnostics.FileVersionInfo]::GetVersionInfo(`$other.Location).FileVersion }
`$facts.DacFile = Test-Path `$dac.CertificatePath
`$facts.ImagePassed = (`$image | Test-MatterFactoryImage -TestAttestation).Passed
`$facts.QrCode = `$qr.QrCode
`$facts.QrPng = [Convert]::ToBase64String([IO.File]::ReadAllBytes((Join-Path `$PWD 'qr.png'))[0..7])
`$facts | ConvertTo-Json -Depth 5
"@)
        # The other version is really there, in the default context, under the same assembly identity (2.0.0.0)...
        $r.Other.File | Should -BeLike '2.4.*'
        ($r.DefaultContext | Where-Object Name -eq 'BouncyCastle.Cryptography').Location | Should -Be $r.Other.Location
        # ...and the module used its own 2.7.
        $r.DacFile | Should -BeTrue
        $r.ImagePassed | Should -BeTrue
        $r.QrCode | Should -Be 'MT:Y.K9042C00KA0648G00'
        $r.QrPng | Should -Be ([Convert]::ToBase64String([byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)))
        Assert-Isolated $r 'BouncyCastle.Cryptography' $r.Other.Location
    }

    It 'runs Npgsql with an older Microsoft.Extensions.Logging.Abstractions (one of Npgsql''s) already loaded' {
        $r = Invoke-AfterOtherVersion $otherLogging (@"
Import-Module '$module'
# Nothing listens on port 1: Npgsql loads, runs, and its failure comes back in the module's words.
`$refused = try { Get-MatterManifest -Path 'Host=127.0.0.1;Port=1;Database=factory;Username=line1;Timeout=5' -ErrorAction Stop; 'no error' } catch { `$_.FullyQualifiedErrorId }
$report
`$facts = Get-LoadContextReport
`$facts.Other = [ordered]@{ Version = `$other.GetName().Version.ToString(); Location = `$other.Location }
`$facts.Refused = `$refused
`$facts | ConvertTo-Json -Depth 5
"@)
        $r.Other.Version | Should -Be '6.0.0.0'
        ($r.DefaultContext | Where-Object Name -eq 'Microsoft.Extensions.Logging.Abstractions').Location | Should -Be $r.Other.Location
        $r.Refused | Should -BeLike 'LedgerConnectionFailed,*'
        Assert-Isolated $r 'Npgsql' $r.Other.Location
    }

    It 'makes devices on a PostgreSQL ledger with that older version already loaded' {
        $server = Use-TestPostgres
        $ledger = New-TestLedger $server
        try {
            $r = Invoke-AfterOtherVersion $otherLogging (@"
Import-Module '$module'
`$made = New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath gen -Manifest '$($ledger.Server)' -SerialNumberFormat 'ALC-{0:D2}' -WarningAction SilentlyContinue
$report
`$facts = Get-LoadContextReport
`$facts.Other = `$other.Location
`$facts.Serials = @((Get-MatterManifest -Path '$($ledger.Server)').SerialNumber | Sort-Object)
`$facts | ConvertTo-Json -Depth 5
"@)
        }
        finally { Remove-TestLedger $ledger $server }
        $r.Serials | Should -Be @('ALC-01', 'ALC-02')
        Assert-Isolated $r 'Npgsql' $r.Other
        ($r.ModuleCopies | Where-Object Name -eq 'Microsoft.Extensions.Logging.Abstractions').Location | Should -Be (Join-Path $lib 'Microsoft.Extensions.Logging.Abstractions.dll')
    }

    It 'keeps every cmdlet, the type names and the help through Import-Module -Force and Remove-Module' {
        $r = Invoke-AfterOtherVersion $otherBouncyCastle (@"
`$counts = @()
Import-Module '$module'
`$counts += (Get-Module MatterMfg).ExportedCmdlets.Count
Import-Module '$module' -Force
`$counts += (Get-Module MatterMfg).ExportedCmdlets.Count
Remove-Module MatterMfg
`$gone = @(Get-Command New-MatterPasscode -ErrorAction SilentlyContinue).Count
Import-Module '$module'
`$counts += (Get-Module MatterMfg).ExportedCmdlets.Count
[ordered]@{
    Counts = `$counts
    Gone = `$gone
    Module = (Get-Command New-MatterFactoryImage).ModuleName
    TypeName = [MatterMfg.Factory.FactoryDevice].FullName
    OutputType = (Get-Command New-MatterFactoryImage).OutputType.Type.FullName
    Synopsis = (Get-Help New-MatterPasscode).Synopsis
    Passcodes = @(New-MatterPasscode -Count 2).Count
} | ConvertTo-Json
"@)
        $declared = (Import-PowerShellDataFile $module).CmdletsToExport.Count
        $r.Counts | Should -Be @($declared, $declared, $declared)
        $r.Gone | Should -Be 0
        $r.Module | Should -Be 'MatterMfg'
        $r.TypeName | Should -Be 'MatterMfg.Factory.FactoryDevice'
        $r.OutputType | Should -Be 'MatterMfg.Factory.FactoryDevice'
        $r.Synopsis | Should -Match 'passcode'
        $r.Passcodes | Should -Be 2
    }

    It 'fails the same way when the module is loaded into PowerShell''s own context (as before isolation): the conflict is real' {
        $r = Invoke-AfterOtherVersion $otherBouncyCastle (@"
Import-Module '$(Join-Path $lib 'MatterMfg.PowerShell.dll')'
`$failed = try { New-MatterDac -TestAttestation -VendorId 0xFFF1 -ProductId 0x8000 -OutputPath dac -ErrorAction Stop | Out-Null; 'no error' } catch { `$_.Exception.Message }
[ordered]@{ Failed = `$failed } | ConvertTo-Json
"@)
        $r.Failed | Should -Match 'Method not found'
    }
}
