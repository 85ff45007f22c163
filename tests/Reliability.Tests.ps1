# Pester 5: the reliability promises as a PowerShell user meets them (run: Invoke-Pester tests/Reliability.Tests.ps1 after dotnet build).
BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
    $script:Cd = [IO.Path]::Combine($PSScriptRoot, 'MatterMfg.Tests', 'vectors', 'matter', 'attestation', 'Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der')
}

Describe 'Certification declarations' {
    It 'refuses a CD with one flipped byte before any device, and warns about a test CD' {
        $bytes = [IO.File]::ReadAllBytes($Cd)
        $bytes[$bytes.Length - 1] = $bytes[$bytes.Length - 1] -bxor 1
        $flipped = Join-Path $TestDrive 'flipped.der'
        [IO.File]::WriteAllBytes($flipped, $bytes)
        $out = Join-Path $TestDrive 'cd-out'
        { New-MatterFactoryImage -Count 2 -TestAttestation -CertificationDeclaration $flipped -OutputPath $out -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'CertificationDeclarationSignatureInvalid*'
        Test-Path $out | Should -BeFalse

        $null = New-MatterFactoryImage -Count 1 -TestAttestation -CertificationDeclaration $Cd -OutputPath $out -WarningVariable w -WarningAction SilentlyContinue
        ($w | Where-Object { "$_" -like '*TEST CD signing key*' }).Count | Should -Be 1
    }

    It 'names an empty CD file instead of crashing' {
        $empty = Join-Path $TestDrive 'empty.der'
        [IO.File]::WriteAllBytes($empty, [byte[]]@())
        Get-MatterCertificationDeclaration $empty -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'CertificationDeclarationMalformed,*'
        $errs[0].Exception.Message | Should -BeLike "*$empty*"
    }
}

Describe 'CSV encodings' {
    It 'reads a CSV saved by Excel (UTF-8 BOM) like plain UTF-8 and refuses Latin-1 with the line' {
        $text = "key,type,encoding,value`napp,namespace,,`nname,data,string,caf$([char]0xE9)`n"
        $plain = Join-Path $TestDrive 'plain.csv'
        $excel = Join-Path $TestDrive 'excel.csv'
        $latin = Join-Path $TestDrive 'latin.csv'
        [IO.File]::WriteAllText($plain, $text, [Text.UTF8Encoding]::new($false))
        [IO.File]::WriteAllText($excel, $text, [Text.UTF8Encoding]::new($true))
        [IO.File]::WriteAllBytes($latin, [Text.Encoding]::Latin1.GetBytes($text))
        New-EspNvsPartition -CsvPath $plain -Size 0x3000 -OutFile (Join-Path $TestDrive 'plain.bin') | Out-Null
        New-EspNvsPartition -CsvPath $excel -Size 0x3000 -OutFile (Join-Path $TestDrive 'excel.bin') | Out-Null
        [Convert]::ToBase64String([IO.File]::ReadAllBytes((Join-Path $TestDrive 'excel.bin'))) | Should -Be ([Convert]::ToBase64String([IO.File]::ReadAllBytes((Join-Path $TestDrive 'plain.bin'))))
        # A CSV that cannot be read is bad setup: one terminating error, naming the file, line and column.
        $err = { New-EspNvsPartition -CsvPath $latin -Size 0x3000 -OutFile (Join-Path $TestDrive 'latin.bin') -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'TextFileInvalidEncoding,*'
        $err.Exception.Message | Should -BeLike '*latin.csv*line 3, column 4*'
        Test-Path (Join-Path $TestDrive 'latin.bin') | Should -BeFalse
    }
}

Describe 'Numbers as given' {
    It 'refuses -VendorId 0x10000FFF1 while it binds, quoting it, with NumberOutOfRange inside' {
        $out = Join-Path $TestDrive 'vid-out'
        $err = $null
        try { New-MatterFactoryImage -VendorId 0x10000FFF1 -ProductId 0x8000 -TestAttestation -OutputPath $out -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        $err.Exception.InnerException.ErrorId | Should -Be 'NumberOutOfRange'
        $err.Exception.Message | Should -BeLike "*parameter 'VendorId'*4295032817 (0x10000FFF1) is out of range (0..65535).*"
        Test-Path $out | Should -BeFalse
    }

    It 'refuses a CSV cell 0x10000FFF1 in its row as written and goes on with the next row' {
        $csv = Join-Path $TestDrive 'devices.csv'
        "VendorId,ProductId,Passcode,Discriminator`n0x10000FFF1,0x8000,20202021,3840`n0xFFF1,0x8000,20202021,3840" | Set-Content -LiteralPath $csv
        $codes = Import-Csv $csv | Get-MatterOnboardingPayload -ErrorVariable errs -ErrorAction SilentlyContinue
        @($codes).Count | Should -Be 1
        $codes.QrCode | Should -Be 'MT:Y.K9042C00KA0648G00'
        $errs.Count | Should -Be 1
        $errs[0].Exception.InnerException.ErrorId | Should -Be 'NumberOutOfRange'
        $errs[0].Exception.Message | Should -BeLike "*parameter 'VendorId'*0x10000FFF1 is out of range (0x0..0xFFFF).*"
    }

    It 'refuses a count over 1,000,000 before any device is made' {
        $out = Join-Path $TestDrive 'count-out'
        { New-MatterFactoryImage -Count 999999999999 -TestAttestation -OutputPath $out -ErrorAction Stop } | Should -Throw -ExpectedMessage "*parameter 'Count'. 999999999999 (0xE8D4A50FFF) is out of range (1..1000000)*"
        Test-Path $out | Should -BeFalse
    }
}

Describe 'Secrets on disk' -Skip:(-not $IsLinux) {
    It 'creates the factory partition and the DAC key files owner-only' {
        $out = Join-Path $TestDrive 'secrets'
        $d = New-MatterFactoryImage -Count 1 -TestAttestation -OutputPath $out -WarningAction SilentlyContinue
        (Get-Item $d.PartitionPath).UnixMode | Should -Be '-rw-------'
        (Get-Item ([IO.Path]::Combine($d.OutputFolder, 'internal', 'DAC_private_key.bin'))).UnixMode | Should -Be '-rw-------'
    }
}
