# Pester 5 tests for the Esp cmdlets (run: Invoke-Pester tests/Esp.Tests.ps1 after dotnet build).
# Flashing itself is covered by the xunit suite against the ROM emulator (tests/MatterMfg.Tests/Esp); here: partition
# tables through real files and Import-Csv, parameter validation, and the error ids a script matches on.
BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
    $script:csvText = @'
# Name,   Type, SubType, Offset,  Size, Flags
esp_secure_cert,  0x3F, ,0xd000,    0x2000, encrypted
nvs,      data, nvs,     0x10000,   0xC000,
nvs_keys, data, nvs_keys,,          0x1000, encrypted
otadata,  data, ota,     ,          0x2000
phy_init, data, phy,     ,          0x1000,
ota_0,    app,  ota_0,   0x20000,   0x1E0000,
ota_1,    app,  ota_1,   0x200000,  0x1E0000,
fctry,    data, nvs,     0x3E0000,  0x6000
'@
}

Describe 'Partition tables' {
    It 'converts partitions.csv to the binary table with its MD5 entry and back' {
        $csv = Join-Path $TestDrive 'partitions.csv'
        Set-Content -Path $csv -Value $script:csvText
        $bin = Join-Path $TestDrive 'table.bin'
        $file = New-EspPartitionTable -CsvPath $csv -OutputPath $bin
        $file.Length | Should -Be 0xC00
        $bytes = [IO.File]::ReadAllBytes($bin)
        $bytes[0] | Should -Be 0xAA
        $bytes[1] | Should -Be 0x50
        $bytes[8 * 32] | Should -Be 0xEB
        $parts = Get-EspPartitionTable -Path $bin
        $parts.Count | Should -Be 8
        ($parts | Where-Object Label -eq 'nvs_keys').Offset | Should -Be 0x1C000
        ($parts | Where-Object Label -eq 'fctry').Size | Should -Be 0x6000
        ($parts | Where-Object Label -eq 'esp_secure_cert').Encrypted | Should -BeTrue
        $back = Join-Path $TestDrive 'back.csv'
        $parts | New-EspPartitionTable -OutputPath $back | Out-Null
        (Get-Content $back -Raw) | Should -Match 'fctry,data,nvs,0x3e0000,24K,'
    }

    It 'takes Import-Csv rows with hex strings' {
        $csv = Join-Path $TestDrive 'rows.csv'
        @'
Name,Type,SubType,Offset,Size,Flags
nvs,data,nvs,0x9000,0x6000,
fctry,data,nvs,0xF000,0x6000,readonly
'@ | Set-Content -Path $csv
        $bin = Join-Path $TestDrive 'rows.bin'
        Import-Csv $csv | New-EspPartitionTable -OutputPath $bin | Out-Null
        $t = Get-EspPartitionTable -Path $bin
        $t[1].Label | Should -Be 'fctry'
        $t[1].ReadOnly | Should -BeTrue
    }

    It 'places Import-Csv rows with an empty Offset after the previous partition, as a partitions.csv does' {
        $csv = Join-Path $TestDrive 'no-offsets.csv'
        @'
Name,Type,SubType,Offset,Size,Flags
nvs,data,nvs,,0x6000,
phy_init,data,phy,,0x1000,
factory,app,factory,,1M,
'@ | Set-Content -Path $csv
        $bin = Join-Path $TestDrive 'no-offsets.bin'
        Import-Csv $csv | New-EspPartitionTable -OutputPath $bin | Out-Null
        $t = Get-EspPartitionTable -Path $bin
        $t.Label | Should -Be @('nvs', 'phy_init', 'factory')
        $t.Offset | Should -Be @(0x9000, 0xF000, 0x10000)
        $t[2].Size | Should -Be 0x100000
    }

    It 'names the pipeline row whose values are wrong and writes nothing' {
        $out = Join-Path $TestDrive 'bad-row.bin'
        $rows = @(
            [pscustomobject]@{ Name = 'nvs'; Type = 'data'; SubType = 'nvs'; Offset = ''; Size = '0x6000' }
            [pscustomobject]@{ Name = 'fctry'; Type = 'data'; SubType = 'nvs'; Offset = '0x9000'; Size = '0x6000' }
        )
        $err = { $rows | New-EspPartitionTable -OutputPath $out -ErrorAction Stop } | Should -Throw -ErrorId 'EspPartitionTableInvalid*' -PassThru
        $err.Exception.Message | Should -BeLike '*partition 2*overlaps*'
        Test-Path $out | Should -BeFalse
    }

    It 'refuses overlapping partitions and writes nothing' {
        $csv = Join-Path $TestDrive 'overlap.csv'
        "a, data, nvs, 0x9000, 0x6000`nb, data, nvs, 0xC000, 0x1000" | Set-Content -Path $csv
        $out = Join-Path $TestDrive 'overlap.bin'
        { New-EspPartitionTable -CsvPath $csv -OutputPath $out -ErrorAction Stop } | Should -Throw -ErrorId 'EspPartitionTableInvalid*'
        Test-Path $out | Should -BeFalse
    }

    It 'reports a missing table file with its path' {
        Get-EspPartitionTable -Path (Join-Path $TestDrive 'nope.csv') -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InputFileNotFound,*'
    }
}

Describe 'Write-EspPartition parameters' {
    BeforeAll {
        $script:img = Join-Path $TestDrive 'nvs.bin'
        [IO.File]::WriteAllBytes($script:img, [byte[]]::new(0x6000))
    }

    It 'stops before any board when a port does not exist' {
        $port = if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') { 'COM250' } else { Join-Path $TestDrive 'ttyNONE' }
        { Write-EspPartition -Port $port -Path $script:img -Offset 0x9000 -ErrorAction Stop } | Should -Throw -ErrorId 'EspPortNotFound*'
    }

    It 'rejects a PowerShell-style number for -Offset' {
        { Write-EspPartition -Port COM250 -Path $script:img -Offset '10kb' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError*'
    }

    It 'rejects an unknown chip' {
        { Write-EspPartition -Port COM250 -Path $script:img -Offset 0x9000 -Chip esp8266 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'refuses the same port twice' {
        { Write-EspPartition -Port COM250, COM250 -Path $script:img -Offset 0x9000 -ErrorAction Stop } | Should -Throw -ErrorId 'EspPortRepeated*'
    }

    It 'binds factory devices by property name and opens nothing with -WhatIf' {
        $device = [pscustomobject]@{ DeviceId = 'd1'; PartitionPath = $script:img; KeysPartitionPath = $script:img; SecureCertPath = '' }
        # Any existing path passes the port check on Unix; on Windows use a port the machine has, if any.
        $port = if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') { Get-EspSerialPort | Select-Object -First 1 -ExpandProperty Name } else { $script:img }
        if (-not $port) { Set-ItResult -Skipped -Because 'this Windows machine has no serial port'; return }
        $out = $device | Write-EspPartition -Port $port -WhatIf -ErrorVariable errs
        $out | Should -BeNullOrEmpty
        $errs.Count | Should -Be 0
    }

    It 'lists serial ports without failing' {
        { Get-EspSerialPort } | Should -Not -Throw
    }
}
