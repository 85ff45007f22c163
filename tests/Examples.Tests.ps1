#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester 5 suite for the scripts in examples/, with the real Import-Csv/Export-Csv. The flashing examples need a board
# or the ROM-loader emulator of the xunit suite; they are covered there. Run through ./build.ps1 -Task Test.

BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
    $examples = [IO.Path]::Combine($PSScriptRoot, '..', 'examples')
}

Describe 'examples/New-FactoryBatch.ps1' {
    It 'makes every row, and a rerun makes none again' {
        $csv = Join-Path $TestDrive 'devices.csv'
        "SerialNumber,Passcode,Discriminator`nB-1,20202021,0xF00`nB-2,,`nB-3,,0" | Set-Content -Path $csv
        $common = @{ CsvPath = $csv; OutputPath = (Join-Path $TestDrive 'out'); Manifest = (Join-Path $TestDrive 'line.manifest'); LogPath = (Join-Path $TestDrive 'line.log'); TestAttestation = $true }
        & ([IO.Path]::Combine($examples, 'New-FactoryBatch.ps1')) @common -WarningAction SilentlyContinue | Should -Be '3 made, 0 already done, 0 failed'
        $LASTEXITCODE | Should -Be 0
        & ([IO.Path]::Combine($examples, 'New-FactoryBatch.ps1')) @common -WarningAction SilentlyContinue | Should -Be '0 made, 3 already done, 0 failed'
        (Get-MatterManifest -Path $common.Manifest).Count | Should -Be 3
    }

    It 'exits 1 when a row fails' {
        $csv = Join-Path $TestDrive 'bad.csv'
        "SerialNumber,Passcode`nC-1,20202021`nC-2,11111111" | Set-Content -Path $csv
        & ([IO.Path]::Combine($examples, 'New-FactoryBatch.ps1')) -CsvPath $csv -OutputPath (Join-Path $TestDrive 'o2') -Manifest (Join-Path $TestDrive 'm2') -LogPath (Join-Path $TestDrive 'l2') -TestAttestation -WarningAction SilentlyContinue 2>$null |
            Should -Be '1 made, 0 already done, 1 failed'
        $LASTEXITCODE | Should -Be 1
    }
}

Describe 'examples/Export-LabelData.ps1' {
    It 'writes one label row per device with its QR and manual code' {
        $manifest = Join-Path $TestDrive 'labels.manifest'
        $devices = New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath (Join-Path $TestDrive 'lo') -Manifest $manifest -WarningAction SilentlyContinue
        $labels = Join-Path $TestDrive 'labels'
        & ([IO.Path]::Combine($examples, 'Export-LabelData.ps1')) -Manifest $manifest -OutputPath $labels | Out-Null
        $rows = Import-Csv (Join-Path $labels 'labels.csv')
        $rows.Count | Should -Be 2
        $rows.QrCode | Sort-Object | Should -Be ($devices.QrCode | Sort-Object)
        Test-Path (Join-Path $labels 'manifest.csv') | Should -BeTrue
    }
}

Describe 'examples/Register-NightlyBatch.ps1' {
    It 'only describes the task under -WhatIf' {
        $script = [IO.Path]::Combine($examples, 'Register-NightlyBatch.ps1')
        { & $script -CsvPath 'C:\f\devices.csv' -OutputPath 'C:\f\out' -WhatIf } | Should -Not -Throw
    }
}
