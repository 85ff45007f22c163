# Pester 5: the PAI key on a PKCS#11 token (run: Invoke-Pester tests/SigningKeys.Tests.ps1 after dotnet build, with the
# SoftHSM token of .ci/services/softhsm.sh sourced; without it the token tests are skipped, and under CI=true they fail).
BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
    $script:vectors = [IO.Path]::Combine($PSScriptRoot, 'MatterMfg.Tests', 'vectors', 'matter', 'attestation')
    $script:pai = Join-Path $vectors 'Chip-Test-PAI-FFF1-8000-Cert.pem'
    $script:cd = Join-Path $vectors 'Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der'
    $script:hsm = "pkcs11:token=$($env:MATTERMFG_TEST_PKCS11_TOKEN);object=pai-key?module-path=$($env:MATTERMFG_TEST_PKCS11_MODULE)"
}

BeforeDiscovery {
    $noToken = -not $env:MATTERMFG_TEST_PKCS11_MODULE -and $env:CI -ne 'true'
}

Describe 'PAI keys on a PKCS#11 token' -Skip:$noToken {
    BeforeAll {
        if (-not $env:MATTERMFG_TEST_PKCS11_MODULE) { throw 'The SoftHSM test token is not set up: source .ci/services/softhsm.sh (.ci/run does).' }
        $script:pin = ConvertTo-SecureString (Get-Content $env:MATTERMFG_TEST_PKCS11_PIN_FILE -TotalCount 1) -AsPlainText -Force
    }

    It 'makes devices whose DACs chain to the test PAA, with the PIN as a SecureString' {
        $out = Join-Path $TestDrive 'hsm'
        $devices = New-MatterFactoryImage -Count 2 -PaiCertificate $pai -PaiKey $hsm -PaiKeyPin $pin -VendorId 0xFFF1 -ProductId 0x8000 -CertificationDeclaration $cd -OutputPath $out
        $devices.Count | Should -Be 2
        foreach ($d in $devices) {
            $dac = [IO.Path]::Combine($d.OutputFolder, 'internal', 'DAC_cert.der')
            (Test-MatterAttestationChain $dac -PaiCertificate $pai -PaaCertificate (Join-Path $vectors 'Chip-Test-PAA-FFF1-Cert.pem') -Quiet) | Should -BeTrue
        }
    }

    It 'stops before any device on a wrong PIN, naming the key and not the PIN' {
        $out = Join-Path $TestDrive 'wrong'
        $wrong = ConvertTo-SecureString 'NotThePin123' -AsPlainText -Force
        $err = $null
        try { New-MatterFactoryImage -Count 1 -PaiCertificate $pai -PaiKey $hsm -PaiKeyPin $wrong -VendorId 0xFFF1 -ProductId 0x8000 -CertificationDeclaration $cd -OutputPath $out }
        catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'Pkcs11PinWrong,*'
        "$err" | Should -BeLike "*$hsm*"
        "$err" | Should -Not -BeLike '*NotThePin123*'
        Test-Path $out | Should -BeFalse
    }
}

Describe 'Key references without a token' {
    It 'refuses a PIN written into the URI without showing it' {
        $err = $null
        try { New-MatterDac -PaiCertificate $pai -PaiKey 'pkcs11:object=pai-key?module-path=/no/such.so&pin-value=Secret99' -OutputPath $TestDrive }
        catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'Pkcs11PinOnCommandLine,*'
        "$err" | Should -Not -BeLike '*Secret99*'
    }
}
