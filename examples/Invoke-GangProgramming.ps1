<#
.SYNOPSIS
    Gang programming: flashes generated devices onto boards on several ports at once (one device per port at a time),
    then checks each board.
.DESCRIPTION
    Write-EspPartition -Port with several ports spreads the devices from the pipeline over the ports and runs the ports in
    parallel; each result names its port. Test-MatterFactoryImage then reads every board back and checks it.
.EXAMPLE
    ./Invoke-GangProgramming.ps1 -Port COM3,COM4,COM5,COM6 -Manifest out/line1.manifest -TestAttestation
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string[]] $Port,
    [Parameter(Mandatory)] [string] $Manifest,
    [int] $Baud = 460800,
    [ValidateSet('Default', 'Usb', 'None')] [string] $Before = 'Default',
    [string] $PaiCertificate,
    [switch] $TestAttestation
)

$built = [IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')
if (-not (Get-Module MatterMfg)) {
    if ([IO.File]::Exists($built)) { Import-Module $built } else { Import-Module MatterMfg }
}

# One device per board: as many devices as ports, oldest first.
$devices = @(Get-MatterManifest -Path $Manifest -State Generated)
$devices = $devices[0..([Math]::Min($Port.Count, $devices.Count) - 1)]
if ($devices.Count -eq 0) { Write-Warning "No generated device left in $Manifest."; exit 1 }

$writes = @($devices | Write-EspPartition -Port $Port -Baud $Baud -Before $Before -Manifest $Manifest -ErrorVariable flashErrors -ErrorAction SilentlyContinue -WhatIf:$WhatIfPreference)
if ($WhatIfPreference) { exit 0 }

$check = @{ Manifest = $Manifest; Before = $Before }
if ($PaiCertificate) { $check.PaiCertificate = $PaiCertificate }
if ($TestAttestation) { $check.TestAttestation = $true }
$results = foreach ($w in $writes) { Test-MatterFactoryImage @check -Port $w.Port -DeviceId $w.DeviceId }
foreach ($r in $results) { "$($r.Port): $($r.SerialNumber) $(if ($r.Passed) { 'PASS' } else { 'FAIL' })" }
$bad = $flashErrors.Count + @($results | Where-Object { -not $_.Passed }).Count
if ($bad -gt 0) { exit 1 }
exit 0
