# Pester 5 tests for the attestation cmdlets (run: Invoke-Pester tests/Attestation.Tests.ps1 after dotnet build).
BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
    $vectors = [IO.Path]::Combine($PSScriptRoot, 'MatterMfg.Tests', 'vectors', 'matter', 'attestation')
    function V([string]$name) { [IO.Path]::Combine($vectors, $name) }
}

Describe 'Test-MatterAttestationChain' {
    It 'validates the upstream test DACs against their PAI and PAA' {
        foreach ($n in '0000', '0001', '0002') {
            $r = Test-MatterAttestationChain -DacCertificate (V "Chip-Test-DAC-FFF1-8000-$n-Cert.pem") -PaiCertificate (V 'Chip-Test-PAI-FFF1-8000-Cert.pem') `
                -PaaCertificate (V 'Chip-Test-PAA-FFF1-Cert.pem') -DacKey (V "Chip-Test-DAC-FFF1-8000-$n-Key.pem") -VendorId 0xFFF1 -ProductId 0x8000
            $r.IsValid | Should -BeTrue
            $r.PSObject.TypeNames[0] | Should -Be 'MatterMfg.Attestation.AttestationChainReport'
        }
    }

    It 'names each broken rule: wrong VID/PID, wrong key, another PAI' {
        $r = Test-MatterAttestationChain (V 'Chip-Test-DAC-FFF1-8000-0000-Cert.pem') -PaiCertificate (V 'Chip-Test-PAI-FFF2-8001-Cert.pem') `
            -DacKey (V 'Chip-Test-DAC-FFF1-8000-0001-Key.pem') -VendorId 0xFFF2 -ProductId 0x8001
        $failed = $r.Checks | Where-Object { -not $_.Passed } | ForEach-Object Rule
        $failed | Should -Contain 'DacVendorIdExpected'
        $failed | Should -Contain 'DacProductIdExpected'
        $failed | Should -Contain 'DacKeyMatches'
        $failed | Should -Contain 'DacSignature'
        $failed | Should -Contain 'DacIssuer'
        Test-MatterAttestationChain (V 'Chip-Test-DAC-FFF1-8000-0000-Cert.pem') -PaiCertificate (V 'Chip-Test-PAI-FFF2-8001-Cert.pem') -Quiet | Should -BeFalse
    }
}

Describe 'New-MatterDac' {
    It 'issues one DAC per Import-Csv row and reports a bad row while the rest go on' {
        $csv = Join-Path $TestDrive 'devices.csv'
        @'
CommonName,VendorId,ProductId
dev-0001,0xFFF2,0x8001
dev-0002,0xFFF2,0x8002
dev-0003,65522,32769
'@ | Set-Content -Path $csv
        $out = Join-Path $TestDrive 'dacs'
        $dacs = Import-Csv $csv | New-MatterDac -PaiCertificate (V 'Chip-Test-PAI-FFF2-8001-Cert.pem') -PaiKey (V 'Chip-Test-PAI-FFF2-8001-Key.pem') `
            -Lifetime 365 -OutputPath $out -ErrorVariable errs -ErrorAction SilentlyContinue
        ($dacs | ForEach-Object CommonName) | Should -Be @('dev-0001', 'dev-0003')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'PaiProductIdMismatch,*'
        $errs[0].TargetObject.CommonName | Should -Be 'dev-0002'
        foreach ($d in $dacs) {
            $d.Certificate | Should -BeOfType ([System.Security.Cryptography.X509Certificates.X509Certificate2])
            $d.Certificate.Subject | Should -BeLike "*CN=$($d.CommonName)*"
            Test-Path $d.KeyPath | Should -BeTrue
            Test-Path $d.PrivateKeyPath | Should -BeTrue
            ($d | Test-MatterAttestationChain -PaaCertificate (V 'Chip-Test-PAA-NoVID-Cert.pem') -Quiet) | Should -BeTrue
        }
        if (-not $IsWindows) {
            (Get-Item $dacs[0].KeyPath).UnixMode | Should -Be '-rw-------'
        }
    }

    It 'warns once with the test PKI and marks every DAC test-only' {
        $out = Join-Path $TestDrive 'test-dacs'
        $dacs = 1..3 | ForEach-Object { [pscustomobject]@{ DeviceId = "t-$_" } } |
            New-MatterDac -TestAttestation -OutputPath $out -WarningVariable w -WarningAction SilentlyContinue
        $dacs.Count | Should -Be 3
        $w.Count | Should -Be 1
        $dacs | ForEach-Object { $_.IsTestOnly | Should -BeTrue }
    }

    It 'stops before any file on a wrong key or password' {
        $out = Join-Path $TestDrive 'bad'
        { New-MatterDac -PaiCertificate (V 'Chip-Test-PAI-FFF2-8001-Cert.pem') -PaiKey (V 'Chip-Test-PAI-FFF1-8000-Key.pem') -OutputPath $out -ErrorAction Stop } |
            Should -Throw -ErrorId 'KeyCertificateMismatch*'
        $encrypted = [IO.Path]::Combine($PSScriptRoot, 'MatterMfg.Tests', 'vectors', 'attestation-formats', 'pai-key-pkcs8-encrypted.pem')
        $wrong = ConvertTo-SecureString 'wrong' -AsPlainText -Force
        { New-MatterDac -PaiCertificate (V 'Chip-Test-PAI-FFF1-8000-Cert.pem') -PaiKey $encrypted -PaiKeyPassword $wrong -OutputPath $out -ErrorAction Stop } |
            Should -Throw -ErrorId 'KeyPasswordWrong*'
        $right = ConvertTo-SecureString 's3cret' -AsPlainText -Force
        $dac = New-MatterDac -PaiCertificate (V 'Chip-Test-PAI-FFF1-8000-Cert.pem') -PaiKey $encrypted -PaiKeyPassword $right -OutputPath $out -WarningAction SilentlyContinue
        $dac.VendorId | Should -Be 0xFFF1
        # A password for a key that is not encrypted would be ignored: refused, naming the key.
        $err = { New-MatterDac -PaiCertificate (V 'Chip-Test-PAI-FFF1-8000-Cert.pem') -PaiKey (V 'Chip-Test-PAI-FFF1-8000-Key.pem') -PaiKeyPassword $right -OutputPath (Join-Path $TestDrive 'plain') -ErrorAction Stop } |
            Should -Throw -ErrorId 'KeyPasswordNotNeeded*' -PassThru
        $err.Exception.Message | Should -BeLike "*Chip-Test-PAI-FFF1-8000-Key.pem' is not encrypted*"
        Test-Path (Join-Path $TestDrive 'plain') | Should -BeFalse
        { New-MatterDac -TestAttestation -ValidFrom ([datetime]'2019-01-01') -OutputPath (Join-Path $TestDrive 'early') -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'ValidityOutsideIssuer*'
        Test-Path (Join-Path $TestDrive 'early') | Should -BeFalse
    }
}

Describe 'New-MatterPai' {
    It 'issues a PAI under a PAA that then issues valid DACs' {
        $out = Join-Path $TestDrive 'pai'
        $pai = New-MatterPai -PaaCertificate (V 'Chip-Test-PAA-NoVID-Cert.pem') -PaaKey (V 'Chip-Test-PAA-NoVID-Key.pem') -VendorId 0xFFF2 -ProductId 0x8001 -Lifetime 3650 -OutputPath $out
        $pai.Role | Should -Be 'PAI'
        Test-Path ([IO.Path]::Combine($out, 'pai_key.pem')) | Should -BeTrue
        $dac = New-MatterDac -PaiCertificate $pai.CertificatePath -PaiKey $pai.KeyPath -OutputPath $out
        ($dac | Test-MatterAttestationChain -PaaCertificate (V 'Chip-Test-PAA-NoVID-Cert.pem')).IsValid | Should -BeTrue
    }
}

Describe 'Certification declarations' {
    It 'decodes the upstream test CD to its documented fields' {
        $cd = Get-MatterCertificationDeclaration (V 'Chip-Test-CD-FFF2-8001.der') -TestSigner -VendorId 0xFFF2 -ProductId 0x8001
        $cd.VendorId | Should -Be 0xFFF2
        $cd.ProductIds | Should -Be @(0x8001)
        $cd.DeviceTypeId | Should -Be 0x1234
        $cd.CertificateId | Should -Be 'ZIG20141ZB330001-24'
        $cd.VersionNumber | Should -Be 0x9876
        $cd.CertificationType | Should -Be 0
    }

    It 'makes a test CD that verifies, and reports a CD that does not cover the device' {
        $path = Join-Path $TestDrive 'cd.der'
        New-MatterCertificationDeclaration -TestSigner -VendorId 0xFFF1 -ProductId 0x8000, 0x8001 -DeviceTypeId 0x0016 -CertificateId 'ZIG20141ZB330001-24' `
            -VersionNumber 9876 -OutFile $path -WarningAction SilentlyContinue | Out-Null
        $cd = Get-MatterCertificationDeclaration $path -SigningCertificate (V 'Chip-Test-CD-Signing-Cert.pem')
        $cd.ProductIds | Should -Be @(0x8000, 0x8001)
        Get-MatterCertificationDeclaration $path -TestSigner -VendorId 0xFFF1 -ProductId 0x8002 -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'CdDoesNotCoverDevice,*'
    }
}
