# Pester 5 tests for the onboarding cmdlets (run: Invoke-Pester tests/Onboarding.Tests.ps1 after dotnet build).
BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
}

Describe 'Get-MatterOnboardingPayload' {
    It 'makes the reference codes from parameters' {
        $p = Get-MatterOnboardingPayload -VendorId 0xFFF2 -ProductId 0x8001 -Passcode 20202021 -Discriminator 3840
        $p.QrCode | Should -Be 'MT:634J042C00KA0648G00'
        $p.ManualCode | Should -Be '34970112332'
        $p.ManualCodeFormatted | Should -Be '3497-011-2332'
    }

    It 'binds Import-Csv rows, reports each bad row naming the field, and goes on' {
        $csv = Join-Path $TestDrive 'devices.csv'
        @'
VendorId,ProductId,Passcode,Discriminator,CommissioningFlow,DiscoveryMode
0xFFF1,0x8000,20202021,3840,0,2
0xFFF1,0x8000,11111111,3840,0,2
0xFFF1,0x8000,10kb,3840,0,2
0xFFF1,0x8000,20202021,4096,0,2
0xFFF2,0x8001,87654320,5,1,6
'@ | Set-Content -Path $csv
        $rows = Import-Csv $csv
        $out = $rows | Get-MatterOnboardingPayload -ErrorVariable errs -ErrorAction SilentlyContinue
        ($out | ForEach-Object QrCode) | Should -Be @('MT:Y.K9042C00KA0648G00', 'MT:634J0ET125U7018EW10')
        $out[1].ManualCode | Should -Be '416304534965522327693'
        $errs.Count | Should -Be 3
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'PasscodeInvalid,*'
        $errs[0].Exception.Message | Should -BeLike 'Passcode: 11111111*'
        $errs[0].TargetObject | Should -Be $rows[1]
        $errs[1].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        $errs[1].Exception.Message | Should -BeLike '*Passcode*10kb*'
        $errs[2].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        $errs[2].Exception.InnerException.ErrorId | Should -Be 'NumberOutOfRange'
        $errs[2].Exception.Message | Should -BeLike "*parameter 'Discriminator'. 4096 is out of range (0..4095)."
        $errs[2].TargetObject | Should -Be $rows[3]
    }

    It 'decodes QR and manual codes and names what is wrong with a bad one' {
        $q = Get-MatterOnboardingPayload -QrCode 'MT:Y.K9042C00KA0648G00'
        $q.VendorId | Should -Be 0xFFF1
        $q.Passcode | Should -Be 20202021
        $m = Get-MatterOnboardingPayload -ManualCode '3497-011-2332'
        $m.Discriminator | Should -Be 15
        $m.HasShortDiscriminator | Should -BeTrue
        { Get-MatterOnboardingPayload -QrCode 'AT:M5L90MP500K64J00000' -ErrorAction Stop } | Should -Throw -ErrorId 'QrCodePrefixInvalid*'
        { Get-MatterOnboardingPayload -ManualCode '02684354589' -ErrorAction Stop } | Should -Throw -ErrorId 'ManualCodeCheckDigitInvalid*'
        { Get-MatterOnboardingPayload -ManualCode '01120767810' -ErrorAction Stop } | Should -Throw -ErrorId 'PasscodeInvalid*'
    }

    It 'writes PNG and SVG images, and nothing with -WhatIf' {
        $png = Join-Path $TestDrive 'qr.png'
        Get-MatterOnboardingPayload -QrCode 'MT:Y.K9042C00KA0648G00' -QrImagePath $png -WhatIf | Out-Null
        Test-Path $png | Should -BeFalse
        $p = Get-MatterOnboardingPayload -QrCode 'MT:Y.K9042C00KA0648G00' -QrImagePath $png
        $p.QrImagePath | Should -Be $png
        $bytes = [IO.File]::ReadAllBytes($png)
        $bytes[1..3] | Should -Be @(0x50, 0x4E, 0x47)
        $svg = Join-Path $TestDrive 'qr.svg'
        Get-MatterOnboardingPayload -VendorId 0xFFF1 -ProductId 0x8000 -Passcode 20202021 -Discriminator 3840 -QrImagePath $svg | Out-Null
        Get-Content $svg -Raw | Should -BeLike '<?xml*<svg*'
    }

    It 'writes one image per CSV row with a script-block path' {
        $rows = @(
            [pscustomobject]@{ SerialNumber = 'A1'; VendorId = '0xFFF1'; ProductId = '0x8000'; Passcode = '20202021'; Discriminator = '1' }
            [pscustomobject]@{ SerialNumber = 'A2'; VendorId = '0xFFF1'; ProductId = '0x8000'; Passcode = '20202022'; Discriminator = '2' }
        )
        $rows | Get-MatterOnboardingPayload -QrImagePath { Join-Path $TestDrive "$($_.SerialNumber).png" } | Out-Null
        Test-Path (Join-Path $TestDrive 'A1.png') | Should -BeTrue
        Test-Path (Join-Path $TestDrive 'A2.png') | Should -BeTrue
    }
}

Describe 'SPAKE2+ verifiers' {
    It 'computes the connectedhomeip test verifier and checks it' {
        $v = New-MatterSpake2pVerifier -Passcode 20202021 -Salt 'U1BBS0UyUCBLZXkgU2FsdA==' -IterationCount 1000
        $v.VerifierBase64 | Should -Be 'uWFwqugDNGiEck/po7KHwwMwwqZgN10XuyBajPGuyzUEV/iree4lOrao5GuwnlQ65CJzbeUB49s31EH+NEkg0JVI5MGCQGMMT/SRPFNRODm3wH/MBiehuFc6FJ/NH6Rmzw=='
        $v | Test-MatterSpake2pVerifier | Should -BeTrue
        $v | Test-MatterSpake2pVerifier -Passcode 20202022 | Should -BeFalse
    }

    It 'checks CSV rows with base64 salt and verifier' {
        $csv = Join-Path $TestDrive 'v.csv'
        New-MatterPasscode -Count 3 -Unique | ForEach-Object { New-MatterSpake2pVerifier -Passcode $_ -IterationCount 1000 } |
            Select-Object Passcode, IterationCount, @{ n = 'Salt'; e = { $_.SaltBase64 } }, @{ n = 'Verifier'; e = { $_.VerifierBase64 } } |
            Export-Csv -Path $csv -NoTypeInformation
        (Import-Csv $csv | Test-MatterSpake2pVerifier) | Should -Be @($true, $true, $true)
    }

    It 'reports a bad salt naming the field and goes on' {
        $rows = @(
            [pscustomobject]@{ Passcode = '20202021'; Salt = 'AAEC'; IterationCount = '1000' }
            [pscustomobject]@{ Passcode = '20202021'; Salt = 'U1BBS0UyUCBLZXkgU2FsdA=='; IterationCount = '1000' }
        )
        $out = $rows | New-MatterSpake2pVerifier -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'SaltLengthInvalid,*'
        $errs[0].Exception.Message | Should -BeLike 'Salt: *'
    }
}

Describe 'Generators and the rotating device id' {
    It 'draws valid unique passcodes and discriminators' {
        $p = New-MatterPasscode -Count 100 -Unique
        ($p | Sort-Object -Unique).Count | Should -Be 100
        $p | Where-Object { $_ -lt 1 -or $_ -gt 99999998 } | Should -BeNullOrEmpty
        $d = New-MatterDiscriminator -Count 4096 -Unique
        ($d | Sort-Object -Unique).Count | Should -Be 4096
        { New-MatterDiscriminator -Count 4097 -Unique -ErrorAction Stop } | Should -Throw -ErrorId 'NumberOutOfRange*'
    }

    It 'computes the connectedhomeip rotating device id' {
        $r = Get-MatterRotatingDeviceId -UniqueId '00112233445566778899aabbccddeeff' -LifetimeCounter 10
        $r.RotatingDeviceId | Should -Be '0A00D00561E77A68A9FD975057375B9283A8'
        { Get-MatterRotatingDeviceId -UniqueId 00112233445566778899aabbccddee -ErrorAction Stop } | Should -Throw -ErrorId 'RotatingDeviceIdUniqueIdTooShort*'
    }
}
