# Pester 5 tests for New-MatterFactoryImage (run: Invoke-Pester tests/Factory.Tests.ps1 after dotnet build).
BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
}

Describe 'New-MatterFactoryImage' {
    It 'makes -Count random devices with the test PKI and one warning' {
        $out = Join-Path $TestDrive 'count'
        $devices = New-MatterFactoryImage -Count 3 -TestAttestation -OutputPath $out -WarningVariable w -WarningAction SilentlyContinue
        $devices.Count | Should -Be 3
        $w.Count | Should -Be 1
        $devices[0] | Should -BeOfType ([MatterMfg.Factory.FactoryDevice])
        foreach ($d in $devices) {
            Test-Path $d.PartitionPath | Should -BeTrue
            Test-Path $d.QrCodePath | Should -BeTrue
            $onb = Import-Csv ([IO.Path]::Combine($d.OutputFolder, "$($d.DeviceId)-onb_codes.csv"))
            [int]$onb.discriminator | Should -Be $d.Discriminator
            [uint32]$onb.passcode | Should -Be $d.Passcode
        }
        (Get-ChildItem ([IO.Path]::Combine($out, 'fff1_8000')) -Filter 'summary-*.csv').Count | Should -Be 1
    }

    It 'takes rows from Import-Csv, reports a bad row with its number and keeps going' {
        $csv = Join-Path $TestDrive 'devices.csv'
        @'
SerialNumber,Passcode,Discriminator
A1,20202021,0xF00
A2,10kb,1
A3,20202022,0
'@ | Set-Content -Path $csv
        $out = Join-Path $TestDrive 'rows'
        $devices = Import-Csv $csv | New-MatterFactoryImage -VendorId 0xFFF1 -ProductId 0x8000 -TestAttestation -OutputPath $out -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        ($devices | ForEach-Object SerialNumber) | Should -Be @('A1', 'A3')
        $devices[0].Discriminator | Should -Be 0xF00
        $devices[1].Discriminator | Should -Be 0
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'PasscodeInvalid,*'
        $errs[0].TargetObject | Should -Be 'row 2: Passcode'
    }

    It 'writes nothing with -WhatIf' {
        $out = Join-Path $TestDrive 'whatif'
        New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath $out -WhatIf -WarningAction SilentlyContinue
        Test-Path $out | Should -BeFalse
    }

    It 'stops before any device when the setup is wrong' {
        $out = Join-Path $TestDrive 'bad'
        { New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath $out -CertificationDeclaration (Join-Path $TestDrive 'missing.der') -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'InputFileNotFound*'
        Test-Path ([IO.Path]::Combine($out, 'fff1_8000')) | Should -BeFalse
    }
}
