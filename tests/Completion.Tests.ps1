# Pester 5: tab completion as a user meets it (TabExpansion2, what Tab and Ctrl+Space call), for the parameters whose
# values a person cannot guess. Run after dotnet build (the module in out/MatterMfg).
BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force

    # What Tab offers at the end of $Line.
    function Get-Completion([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

Describe '-Target completes the chips' {
    It 'offers every chip the loader knows, as --target spells them' {
        $c = Get-Completion 'New-MatterFactoryImage -Target '
        $c.CompletionText | Should -Be @('esp32', 'esp32s2', 'esp32s3', 'esp32c2', 'esp32c3', 'esp32c6', 'esp32h2')
        ($c | Where-Object CompletionText -eq 'esp32c3').ToolTip | Should -Be 'ESP32-C3'
    }

    It 'narrows to what was typed' {
        (Get-Completion 'New-MatterFactoryImage -Target esp32h').CompletionText | Should -Be 'esp32h2'
        (Get-Completion 'New-MatterFactoryImage -Target ESP32C').CompletionText | Should -Be @('esp32c2', 'esp32c3', 'esp32c6')
    }
}

Describe '-CommissioningFlow and -DiscoveryMode complete their numbers with what they mean' {
    It '-CommissioningFlow on <Command>' -ForEach @(
        @{ Command = 'Get-MatterOnboardingPayload' }
        @{ Command = 'New-MatterFactoryImage' }
    ) {
        $c = Get-Completion "$Command -CommissioningFlow "
        $c.CompletionText | Should -Be @('0', '1', '2')
        $c[0].ListItemText | Should -BeLike '0 - Standard*'
        $c[1].ToolTip | Should -BeLike 'User intent*21-digit*'
    }

    It '-DiscoveryMode on New-MatterFactoryImage: what esp-matter-mfg-tool accepts' {
        $c = Get-Completion 'New-MatterFactoryImage -DiscoveryMode '
        $c.CompletionText | Should -Be @('2', '4', '6')
        $c[0].ToolTip | Should -BeLike 'BLE*default*'
    }

    It '-DiscoveryMode (alias of -DiscoveryCapabilities) on Get-MatterOnboardingPayload: every capability bit' {
        (Get-Completion 'Get-MatterOnboardingPayload -DiscoveryMode ').CompletionText | Should -Be @('1', '2', '4', '6', '8', '16', '32')
        (Get-Completion 'Get-MatterOnboardingPayload -DiscoveryCapabilities 1').CompletionText | Should -Be @('1', '16')
    }

    It 'a completed value is accepted by the command' {
        $flow = (Get-Completion 'Get-MatterOnboardingPayload -CommissioningFlow ')[1].CompletionText
        $mode = (Get-Completion 'Get-MatterOnboardingPayload -DiscoveryMode ')[3].CompletionText
        $p = Get-MatterOnboardingPayload -VendorId 0xFFF1 -ProductId 0x8000 -Passcode 20202021 -Discriminator 3840 -CommissioningFlow $flow -DiscoveryMode $mode
        $p.CommissioningFlow | Should -Be 'UserIntent'
        [int]$p.DiscoveryCapabilities | Should -Be 6
    }
}

Describe '-Version of New-EspNvsPartition' {
    It 'offers the two NVS formats, v2 first' {
        $c = Get-Completion 'New-EspNvsPartition -Version '
        $c.CompletionText | Should -Be @('2', '1')
        $c[0].ToolTip | Should -BeLike '*default*'
    }
}

Describe '-PartitionLabel' {
    BeforeAll {
        $script:csv = Join-Path $TestDrive 'partitions.csv'
        "nvs, data, nvs, 0x9000, 0x6000`nline_fctry, data, nvs, 0xF000, 0x6000`nline_keys, data, nvs_keys, 0x15000, 0x1000" |
            Set-Content -Path $script:csv
    }

    It 'offers the labels of -PartitionTable when it is given' {
        $c = Get-Completion "Write-EspPartition -Port COM5 -Path x.bin -PartitionTable '$script:csv' -PartitionLabel "
        $c.CompletionText | Should -Be @('nvs', 'line_fctry', 'line_keys')
        $c[1].ToolTip | Should -Be 'data/nvs at 0xF000, 0x6000 bytes'
        $c[1].ListItemText | Should -Be 'line_fctry - data/nvs at 0xF000, 0x6000 bytes'
        (Get-Completion "Write-EspPartition -Port COM5 -PartitionTable '$script:csv' -KeysPartitionLabel line_k").CompletionText | Should -Be 'line_keys'
    }

    It 'resolves a relative -PartitionTable against the current location' {
        Push-Location $TestDrive
        try { (Get-Completion 'Write-EspPartition -Port COM5 -PartitionTable partitions.csv -PartitionLabel line_').CompletionText | Should -Be @('line_fctry', 'line_keys') }
        finally { Pop-Location }
    }

    It 'offers the usual Matter labels without a table, or when the table cannot be read' {
        $usual = (Get-Completion 'Read-EspFlash -Port COM5 -Path x.bin -PartitionLabel ').CompletionText
        $usual | Should -Contain 'fctry'
        $usual | Should -Contain 'nvs_keys'
        $usual | Should -Contain 'esp_secure_cert'
        (Get-Completion "Write-EspPartition -Port COM5 -PartitionTable '$(Join-Path $TestDrive 'missing.csv')' -PartitionLabel ").CompletionText | Should -Be $usual
        (Get-Completion 'Test-MatterFactoryImage -Port COM5 -PartitionLabel f').CompletionText | Should -Be 'fctry'
    }
}

Describe '-Port completes the serial ports' {
    It '<Command> -Port uses the port completer' -ForEach @(
        @{ Command = 'Write-EspPartition' }, @{ Command = 'Get-EspChip' }, @{ Command = 'Read-EspFlash' }
        @{ Command = 'Get-EspPartitionTable' }, @{ Command = 'Test-MatterFactoryImage' }
    ) {
        $completer = (Get-Command $Command).Parameters['Port'].Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }
        $completer.Type.Name | Should -Be 'EspPortCompleter'
    }

    It 'offers exactly the ports Get-EspSerialPort lists (none on a machine without serial hardware)' {
        $expected = @(Get-EspSerialPort | ForEach-Object Name)
        @((Get-Completion 'Get-EspChip -Port ').CompletionText) | Should -Be $expected
    }
}
