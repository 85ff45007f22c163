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
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NumberInvalid,*'
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

Describe 'New-MatterFactoryImage output, refusals and interruption' {
    It 'emits typed devices whose default table shows serial number, manual code and QR payload whole at 80 columns' {
        $out = Join-Path $TestDrive 'table'
        $devices = New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath $out -IterationCount 1000 -WarningAction SilentlyContinue
        $devices | Should -HaveCount 2
        (Get-Command New-MatterFactoryImage).OutputType.Type | Should -Be ([MatterMfg.Factory.FactoryDevice])
        $table = $devices | Out-String -Width 80
        foreach ($d in $devices) {
            $table | Should -Match ([regex]::Escape($d.SerialNumber))
            $table | Should -Match ([regex]::Escape($d.ManualCode))
            $table | Should -Match ([regex]::Escape($d.QrCode))
        }
        ($table -split "`r?`n" | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty
        $list = $devices[0] | Format-List | Out-String -Width 80
        $list | Should -Match ([regex]::Escape($devices[0].DeviceId))
    }

    It 'pipes into Test-MatterFactoryImage by property name' {
        $out = Join-Path $TestDrive 'bind'
        $results = New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath $out -IterationCount 1000 -WarningAction SilentlyContinue | Test-MatterFactoryImage -TestAttestation
        $results | Should -HaveCount 2
        $results.Passed | Should -Be @($true, $true)
    }

    It 'refuses a header-only CSV and an empty pipeline, and writes nothing' {
        $csv = Join-Path $TestDrive 'empty.csv'
        "SerialNumber,Passcode`r`n" | Set-Content -Path $csv -NoNewline
        $out = Join-Path $TestDrive 'empty'
        { Import-Csv $csv | New-MatterFactoryImage -TestAttestation -OutputPath $out -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'NoInputRows*'
        { @() | New-MatterFactoryImage -TestAttestation -OutputPath $out -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'NoInputRows*'
        Test-Path $out | Should -BeFalse
    }

    It 'refuses repeated serial numbers before making any device' {
        $csv = Join-Path $TestDrive 'dupes.csv'
        "SerialNumber`r`nSN-1`r`nSN-2`r`nSN-1`r`n" | Set-Content -Path $csv -NoNewline
        $out = Join-Path $TestDrive 'dupes'
        { Import-Csv $csv | New-MatterFactoryImage -TestAttestation -OutputPath $out -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'DuplicateSerialNumber*'
        Test-Path $out | Should -BeFalse
    }

    It 'refuses an unknown -Target' {
        { New-MatterFactoryImage -TestAttestation -Target esp99 -OutputPath (Join-Path $TestDrive 't') -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'TargetUnknown*'
    }

    It 'resumes in the same session after a downstream command stopped the batch early' {
        $out = Join-Path $TestDrive 'resume'
        $manifest = Join-Path $TestDrive 'resume.manifest'
        $first = New-MatterFactoryImage -Count 40 -TestAttestation -OutputPath $out -Manifest $manifest -SerialNumberFormat 'R-{0:D3}' -IterationCount 1000 -WarningAction SilentlyContinue |
            Select-Object -First 2
        $first | Should -HaveCount 2
        $root = Join-Path $out 'fff1_8000'
        $made = @(Get-MatterManifest $manifest | Where-Object State -EQ 'Generated')
        $made.Count | Should -BeLessThan 40
        # The stopped run listed exactly the devices it made.
        (Import-Csv (Get-ChildItem $root -Filter 'summary-*.csv' | Select-Object -First 1).FullName).'serial-num' | Sort-Object |
            Should -Be ($made.SerialNumber | Sort-Object)

        $all = New-MatterFactoryImage -Count 40 -TestAttestation -OutputPath $out -Manifest $manifest -SerialNumberFormat 'R-{0:D3}' -IterationCount 1000 -WarningAction SilentlyContinue
        $all | Should -HaveCount 40
        ($all | Where-Object Status -EQ 'AlreadyGenerated').Count | Should -Be $made.Count
        $complete = Get-ChildItem $root -Filter 'summary-*.csv' | ForEach-Object { , @((Import-Csv $_.FullName).'serial-num') } | Where-Object { $_.Count -eq 40 }
        $complete | Should -Be (1..40 | ForEach-Object { 'R-{0:D3}' -f $_ })
    }
}
