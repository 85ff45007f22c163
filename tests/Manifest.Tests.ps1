#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester 5 suite for the manifest cmdlets. Run through ./build.ps1 -Task Test (after dotnet build).

BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force

    function New-TestManifest([string] $Path) {
        $store = [MatterMfg.Manifest.ManifestStore]::new($Path)
        try {
            $request = [MatterMfg.Manifest.ReservationRequest]::new()
            $request.SerialNumberTemplate = 'ACME-{0:D6}'
            $request.VendorId = 0xFFF1
            $request.ProductId = 0x8000
            foreach ($slot in 0..2) {
                $r = $store.Reserve('batch', $slot, $request)
                if ($slot -lt 2) {
                    $record = [MatterMfg.Manifest.ManifestRecord]::new()
                    $record.DeviceId = $r.Device.DeviceId
                    $record.Discriminator = 3840 + $slot
                    $store.MarkGenerated($record) | Out-Null
                }
            }
        }
        finally { $store.Dispose() }
    }
}

Describe 'Get-MatterManifest' {
    BeforeEach {
        # TestDrive is shared by every test in a Describe; each test gets its own folder.
        $dir = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid()))
        $manifest = Join-Path $dir 'line1.manifest'
        New-TestManifest $manifest
    }

    It 'lists every device with its state' {
        $devices = Get-MatterManifest -Path $manifest
        $devices.SerialNumber | Should -Be @('ACME-000001', 'ACME-000002', 'ACME-000003')
        $devices.State | ForEach-Object ToString | Should -Be @('Generated', 'Generated', 'Reserved')
    }

    It 'filters by state and by serial-number wildcard' {
        (Get-MatterManifest $manifest -State Reserved).SerialNumber | Should -Be 'ACME-000003'
        (Get-MatterManifest $manifest -SerialNumber 'acme-*2').SerialNumber | Should -Be 'ACME-000002'
    }

    It 'reports a damaged record with its line and outputs nothing' {
        $lines = [IO.File]::ReadAllLines($manifest)
        # A record whose sequence number is out of order is damaged (the serial number alone is not checked).
        $lines[1] | Should -Match 'seq=2\t'
        $lines[1] = $lines[1].Replace('seq=2', 'seq=9')
        [IO.File]::WriteAllText($manifest, ($lines -join "`n") + "`n")
        $out = Get-MatterManifest $manifest -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ManifestCorrupt*'
        $err[0].Exception.Message | Should -BeLike '*line 2*'
    }
}

Describe 'Export-MatterManifest' {
    BeforeEach {
        $dir = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid()))
        $manifest = Join-Path $dir 'line1.manifest'
        New-TestManifest $manifest
        $csv = Join-Path $dir 'devices.csv'
    }

    It 'writes a CSV that Import-Csv reads back' {
        Export-MatterManifest -Path $manifest -OutFile $csv -State Generated | Out-Null
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 2
        $rows[0].SerialNumber | Should -Be 'ACME-000001'
        $rows[0].VendorId | Should -Be 'FFF1'
        $rows[1].Discriminator | Should -Be '3841'
    }

    It 'writes nothing with -WhatIf' {
        Export-MatterManifest -Path $manifest -OutFile $csv -WhatIf
        Test-Path $csv | Should -BeFalse
    }
}
