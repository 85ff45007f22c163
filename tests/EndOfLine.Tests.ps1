#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester 5 suite for Test-MatterFactoryImage (the end-of-line check). Run through ./build.ps1 -Task Test (after dotnet build).

BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
    $vectors = [IO.Path]::Combine($PSScriptRoot, 'MatterMfg.Tests', 'vectors')
    $reference = [IO.Path]::Combine($vectors, 'factory', 'minimal_fixed', 'expected-partition.bin')
}

Describe 'Test-MatterFactoryImage' {
    It 'passes every device New-MatterFactoryImage makes, with the passcode from the pipeline' {
        $out = Join-Path $TestDrive 'out'
        $results = New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath $out -WarningAction SilentlyContinue | Test-MatterFactoryImage -TestAttestation
        $results.Count | Should -Be 2
        foreach ($r in $results) {
            $r.Passed | Should -BeTrue
            ($r.Checks | Where-Object Name -eq 'Verifier').Outcome | Should -Be 'Passed'
            ($r.Checks | Where-Object Name -eq 'AttestationChain').Outcome | Should -Be 'Passed'
        }
    }

    It 'checks the reference partition against its PAI and passcode' {
        $pai = [IO.Path]::Combine($vectors, 'matter', 'attestation', 'Chip-Test-PAI-FFF2-8001-Cert.pem')
        Test-MatterFactoryImage -Path $reference -Passcode 20202021 -PaiCertificate $pai -Quiet | Should -BeTrue
        Test-MatterFactoryImage -Path $reference -Passcode 20202022 -PaiCertificate $pai -Quiet | Should -BeFalse
    }

    It 'marks a device Verified in the manifest, taking its passcode from the device folder' {
        $out = Join-Path $TestDrive 'm-out'
        $manifest = Join-Path $TestDrive 'line.manifest'
        $device = New-MatterFactoryImage -Count 1 -TestAttestation -OutputPath $out -Manifest $manifest -WarningAction SilentlyContinue
        $r = Test-MatterFactoryImage -Path $device.PartitionPath -Manifest $manifest -TestAttestation
        $r.Passed | Should -BeTrue
        (Get-MatterManifest -Path $manifest).State | Should -Be 'Verified'
    }

    It 'reports a missing file as a non-terminating error and goes on' {
        $r = @((Join-Path $TestDrive 'missing.bin'), $reference) | Test-MatterFactoryImage -Passcode 20202021 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InputFileNotFound,*'
        $r.Passed | Should -BeTrue
    }
}
