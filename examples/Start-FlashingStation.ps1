<#
.SYNOPSIS
    A flashing station: waits for a board on a serial port, flashes the next generated device onto it, verifies it, and
    prints the label data. Loops until -Boards boards are done (0 = forever, Ctrl+C to stop).
.DESCRIPTION
    Devices come from the manifest that New-FactoryBatch.ps1 (New-MatterFactoryImage -Manifest) filled: the oldest device
    in state Generated is taken next. Each board goes Generated -> Flashed -> Verified in the manifest, with this port and
    station, so two stations on one manifest never flash the same device twice, and a board that failed verification is
    reported and left for a person to look at.
.EXAMPLE
    ./Start-FlashingStation.ps1 -Port COM5 -Manifest out/line1.manifest -TestAttestation
.EXAMPLE
    ./Start-FlashingStation.ps1 -Port /dev/ttyUSB0 -Manifest out/line1.manifest -PaiCertificate pai.pem -Boards 50
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Port,
    [Parameter(Mandatory)] [string] $Manifest,
    [int] $Boards = 0,
    [int] $Baud = 460800,
    [ValidateSet('Default', 'Usb', 'None')] [string] $Before = 'Default',
    [string] $PaiCertificate,
    [switch] $TestAttestation,
    [double] $PollSeconds = 1,
    # How long to wait for a board before giving up (0 = forever).
    [double] $WaitSeconds = 0
)

$built = [IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')
if (-not (Get-Module MatterMfg)) {
    if ([IO.File]::Exists($built)) { Import-Module $built } else { Import-Module MatterMfg }
}

$check = @{ Port = $Port; Manifest = $Manifest; Before = $Before }
if ($PaiCertificate) { $check.PaiCertificate = $PaiCertificate }
if ($TestAttestation) { $check.TestAttestation = $true }

$done = 0
$failed = 0
while ($Boards -eq 0 -or $done + $failed -lt $Boards) {
    # 1. Wait for a board: the ROM loader answers once one is plugged in (and reset into download mode).
    $chip = $null
    $waitStart = [DateTime]::UtcNow
    while (-not $chip) {
        $chip = Get-EspChip -Port $Port -Before $Before -ErrorAction SilentlyContinue -ErrorVariable chipErrors
        if ($chip) { break }
        if ($WaitSeconds -gt 0 -and ([DateTime]::UtcNow - $waitStart).TotalSeconds -ge $WaitSeconds) {
            Write-Warning "No board answered on $Port within $WaitSeconds s: $($chipErrors[0].Exception.Message)"
            break
        }
        Start-Sleep -Seconds $PollSeconds
    }
    if (-not $chip) { break }

    # 2. The next device to flash.
    $device = @(Get-MatterManifest -Path $Manifest -State Generated)[0]
    if (-not $device) {
        Write-Warning "No generated device left in $Manifest; generate more with New-FactoryBatch.ps1."
        break
    }

    # 3. Flash and verify. Both record the outcome in the manifest.
    $write = $device | Write-EspPartition -Port $Port -Baud $Baud -Before $Before -Manifest $Manifest -ErrorAction SilentlyContinue -ErrorVariable flashErrors
    if ($flashErrors.Count -gt 0 -or -not $write) {
        $failed++
        Write-Warning "Board on $Port ($($chip.Mac)): flashing $($device.SerialNumber) failed: $($flashErrors[0].Exception.Message)"
        continue
    }
    $result = Test-MatterFactoryImage @check -DeviceId $device.DeviceId
    if (-not $result.Passed) {
        $failed++
        Write-Warning "Board on $Port ($($chip.Mac)): $($device.SerialNumber) failed its end-of-line check: $(@($result.Checks | Where-Object { -not $_.Passed } | ForEach-Object { $_.Name }) -join ', ')"
        continue
    }
    $done++

    # 4. The label: serial number, QR code and manual code, from the device's onboarding file.
    $onb = @(Import-Csv ([IO.Path]::Combine($device.OutputFolder, "$($device.DeviceId)-onb_codes.csv")))[0]
    Write-Host "LABEL  serial=$($device.SerialNumber)  qr=$($onb.qrcode)  manual=$($onb.manualcode)  mac=$($chip.Mac)"
}
"$done boards done, $failed failed on $Port"
if ($failed -gt 0) { exit 1 }
exit 0
