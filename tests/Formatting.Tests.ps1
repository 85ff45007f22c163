# Pester 5: what a person sees. Typed results and their views (80 and 120 columns), file results shown as Get-Item shows
# them, the manual-code row, and the Get-OnboardingPayload alias. Run after dotnet build (the module in out/MatterMfg).
BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force

    # The rendered lines of a table, without the blank lines around it and the spaces at line ends.
    function Get-Rendered([object[]] $InputObject, [int] $Width) {
        ($InputObject | Out-String -Width $Width) -split "`r?`n" | ForEach-Object TrimEnd | Where-Object { $_ -ne '' }
    }

    function New-WriteRecord([string] $Label = 'esp_secure_cert') {
        [MatterMfg.Esp.EspWriteRecord]@{
            Port = '/dev/ttyUSB0'; Chip = 'ESP32-C3'; Mac = '24:0a:c4:00:01:10'; DeviceId = 'b1f0c2aa-6a43-4f5e-9c1e-3f1f8c1a2b3c'
            PartitionLabel = $Label; Offset = 0x3E0000; Size = 24576; Md5 = '0123456789abcdef0123456789abcdef'; Verified = $true
            Duration = [timespan]::FromMilliseconds(1234); Path = '/srv/factory/out/fff1_8000/b1f0c2aa/b1f0c2aa-partition.bin'
        }
    }
}

Describe 'Board cmdlets emit typed objects' {
    It '<Name> declares <Type> and no hand-built PSObject' -ForEach @(
        @{ Name = 'Write-EspPartition'; Type = 'MatterMfg.Esp.EspWriteRecord' }
        @{ Name = 'Get-EspChip'; Type = 'MatterMfg.Esp.EspChipInfo' }
        @{ Name = 'Read-EspFlash'; Type = 'MatterMfg.PowerShell.Esp.EspFlashFile' }
    ) {
        (Get-Command $Name).OutputType.Type.FullName | Should -Be $Type
    }

    It 'no cmdlet but New-MatterFactoryImage (its own issue) declares PSObject as its output' {
        $loose = Get-Command -Module MatterMfg -CommandType Cmdlet |
            Where-Object Name -ne 'New-MatterFactoryImage' |
            Where-Object { $_.OutputType.Type -contains [psobject] -or $_.OutputType.Count -eq 0 }
        $loose.Name | Should -BeNullOrEmpty
    }
}

Describe 'Table views fit 80 columns and keep the values whole' {
    It 'Write-EspPartition results: port, MAC, partition, offset, size, verified, seconds' {
        $lines = Get-Rendered @((New-WriteRecord), (New-WriteRecord 'fctry')) 80
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        $lines[0] | Should -Match '^Port\s+Mac\s+Partition\s+Offset\s+Size\s+Verified\s+Seconds$'
        $lines[2] | Should -Match '^/dev/ttyUSB0 24:0a:c4:00:01:10 esp_secure_cert\s+0x3E0000\s+24576 True\s+1\.23$'
        $lines[3] | Should -Match '^/dev/ttyUSB0 24:0a:c4:00:01:10 fctry\s+0x3E0000'
        (Get-Rendered (New-WriteRecord) 120) | Should -Be (Get-Rendered (New-WriteRecord) 80)
    }

    It 'Write-EspPartition results list the device id, MD5 and path in Format-List' {
        $text = New-WriteRecord | Format-List | Out-String -Width 80
        $text | Should -Match 'DeviceId\s+: b1f0c2aa-6a43-4f5e-9c1e-3f1f8c1a2b3c'
        $text | Should -Match 'Md5\s+: 0123456789abcdef0123456789abcdef'
        $text | Should -Match 'Offset\s+: 0x3E0000'
    }

    It 'Get-EspChip results: flash size in MB and the JEDEC id' {
        $chip = [MatterMfg.Esp.EspChipInfo]@{ Port = 'COM5'; Chip = 'ESP32'; Revision = 'v3.1'; Mac = '24:0a:c4:00:01:10'; FlashSize = 4MB; FlashId = '0x1640EF' }
        $lines = Get-Rendered $chip 80
        $lines[0] | Should -Match '^Port\s+Chip\s+Revision\s+Mac\s+Flash\s+FlashId$'
        $lines[2] | Should -Match '^COM5\s+ESP32\s+v3\.1\s+24:0a:c4:00:01:10\s+4 MB 0x1640EF$'
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
    }

    It 'Read-EspFlash results: partition, offset, length and the file' {
        $read = [MatterMfg.PowerShell.Esp.EspFlashFile]@{ Port = 'COM5'; Chip = 'ESP32'; Mac = '24:0a:c4:00:01:10'; PartitionLabel = 'fctry'; Offset = 0x3E0000; Length = 24576; Md5 = 'ab'; Path = '/tmp/fctry.bin' }
        $lines = Get-Rendered $read 80
        $lines[0] | Should -Match '^Port\s+Partition\s+Offset\s+Length Path$'
        $lines[2] | Should -Match '^COM5\s+fctry\s+0x3E0000\s+24576 /tmp/fctry\.bin$'
    }
}

Describe 'File results display as Get-Item shows them' {
    BeforeEach {
        $dir = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid()))
    }

    It 'New-EspNvsKeyPartition' {
        $made = New-EspNvsKeyPartition -Path (Join-Path $dir 'keys.bin')
        $made | Should -BeOfType [IO.FileInfo]
        $made.PSParentPath | Should -Not -BeNullOrEmpty
        foreach ($width in 80, 120) {
            $text = $made | Out-String -Width $width
            $text | Should -Be (Get-Item (Join-Path $dir 'keys.bin') | Out-String -Width $width)
            $text | Should -Match '^\s*Directory: '
            $text | Should -Match '-[r-][w-]'   # the mode column is filled, as for Get-Item
            $text | Should -Match '4096 keys\.bin'
        }
    }

    It 'New-EspPartitionTable' {
        $csv = Join-Path $dir 'partitions.csv'
        "nvs, data, nvs, 0x9000, 0x6000`nfctry, data, nvs, 0xF000, 0x6000" | Set-Content -Path $csv
        $made = New-EspPartitionTable -CsvPath $csv -OutputPath (Join-Path $dir 'table.bin')
        ($made | Out-String -Width 80) | Should -Be (Get-Item (Join-Path $dir 'table.bin') | Out-String -Width 80)
        ($made | Out-String -Width 80) | Should -Match '3072 table\.bin'
    }

    It 'Export-MatterManifest' {
        $manifest = Join-Path $dir 'line1.manifest'
        $store = [MatterMfg.Manifest.ManifestStore]::new($manifest)
        try { $store.Reserve('batch', 0, [MatterMfg.Manifest.ReservationRequest]@{ VendorId = 0xFFF1; ProductId = 0x8000 }) | Out-Null }
        finally { $store.Dispose() }
        $made = Export-MatterManifest -Path $manifest -OutFile (Join-Path $dir 'devices.csv')
        ($made | Out-String -Width 120) | Should -Be (Get-Item (Join-Path $dir 'devices.csv') | Out-String -Width 120)
        $made.Name | Should -Be 'devices.csv'
    }
}

Describe 'Get-MatterOnboardingPayload -ManualCode' {
    It 'shows one aligned row: the code, the short discriminator and the flow, no VID/PID for 11 digits' {
        $lines = Get-Rendered (Get-MatterOnboardingPayload -ManualCode 3497-011-2332) 80
        $lines[0] | Should -Be 'ManualCode                  ShortDisc Flow       VID  PID'
        $lines[2] | Should -Be '3497-011-2332                      15 Standard'
        (Get-Rendered (Get-MatterOnboardingPayload -ManualCode 3497-011-2332) 120) | Should -Be $lines
    }

    It 'shows the VID and PID a 21-digit code carries, the code on one line' {
        $p = Get-MatterOnboardingPayload -VendorId 0xFFF2 -ProductId 0x8001 -Passcode 87654320 -Discriminator 5 -CommissioningFlow 1
        $lines = Get-Rendered (Get-MatterOnboardingPayload -ManualCode $p.ManualCode) 80
        $lines.Count | Should -Be 3
        $header = $lines[0]
        $lines[2] | Should -Match ('^' + [regex]::Escape(($p.ManualCodeFormatted -replace "`n", ' ')) + '\s+0 Custom\s+FFF2 8001$')
        # Every value starts where its column header starts (the right-aligned ShortDisc ends where its header ends).
        $lines[2].IndexOf('Custom') | Should -Be $header.IndexOf('Flow')
        $lines[2].IndexOf('FFF2') | Should -Be $header.IndexOf('VID')
        $lines[2].IndexOf('8001') | Should -Be $header.IndexOf('PID')
    }

    It 'is still the payload object underneath' {
        $m = Get-MatterOnboardingPayload -ManualCode 3497-011-2332
        $m | Should -BeOfType ([MatterMfg.PowerShell.Onboarding.OnboardingPayloadInfo])
        $m.Passcode | Should -Be 20202021
    }
}

Describe 'Get-OnboardingPayload (the design card''s name)' {
    It 'is an exported alias of Get-MatterOnboardingPayload' {
        $alias = Get-Command Get-OnboardingPayload
        $alias.CommandType | Should -Be 'Alias'
        $alias.ResolvedCommand.Name | Should -Be 'Get-MatterOnboardingPayload'
        $alias.ModuleName | Should -Be 'MatterMfg'
        (Get-Module MatterMfg).ExportedAliases.Keys | Should -Contain 'Get-OnboardingPayload'
    }

    It 'makes the same codes as the cmdlet' {
        $a = Get-OnboardingPayload -VendorId 0xFFF1 -ProductId 0x8000 -Passcode 20202021 -Discriminator 3840
        $a.QrCode | Should -Be (Get-MatterOnboardingPayload -VendorId 0xFFF1 -ProductId 0x8000 -Passcode 20202021 -Discriminator 3840).QrCode
        $a.ManualCodeFormatted | Should -Be '3497-011-2332'
    }

    It 'has the cmdlet''s help' {
        (Get-Help Get-OnboardingPayload).Name | Should -Be 'Get-MatterOnboardingPayload'
    }
}
