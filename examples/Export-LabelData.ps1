<#
.SYNOPSIS
    Writes the CSVs that a label printer and the contract manufacturer need for the devices of a manifest.
.DESCRIPTION
    labels.csv: one row per device in the chosen states with the serial number, the QR code payload (MT:...), the manual
    pairing code with dashes, the discriminator and the device id, read from each device's <id>-onb_codes.csv.
    manifest.csv: Export-MatterManifest's CSV (device id, serial, VID/PID, DAC serial and fingerprint, state, port,
    station, times) for the contract manufacturer's systems. Neither file holds a passcode or a key, though the QR and
    manual codes encode the passcode: treat labels.csv like the labels themselves.
.EXAMPLE
    ./Export-LabelData.ps1 -Manifest out/line1.manifest -OutputPath out/labels
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $Manifest,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string[]] $State = @('Generated', 'Flashed', 'Verified')
)

$built = [IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')
if (-not (Get-Module MatterMfg)) {
    if ([IO.File]::Exists($built)) { Import-Module $built } else { Import-Module MatterMfg }
}

[void][IO.Directory]::CreateDirectory($OutputPath)
$labels = foreach ($device in Get-MatterManifest -Path $Manifest -State $State) {
    $onb = @(Import-Csv ([IO.Path]::Combine($device.OutputFolder, "$($device.DeviceId)-onb_codes.csv")))[0]
    [pscustomobject]@{
        SerialNumber  = $device.SerialNumber
        QrCode        = $onb.qrcode
        ManualCode    = $onb.manualcode
        Discriminator = $onb.discriminator
        DeviceId      = $device.DeviceId
    }
}
$labelsPath = [IO.Path]::Combine($OutputPath, 'labels.csv')
if ($PSCmdlet.ShouldProcess($labelsPath, "Write $(@($labels).Count) label rows")) {
    $labels | Export-Csv -Path $labelsPath -NoTypeInformation
}
Export-MatterManifest -Path $Manifest -OutFile ([IO.Path]::Combine($OutputPath, 'manifest.csv')) -State $State -WhatIf:$WhatIfPreference | Out-Null
"$(@($labels).Count) devices -> $labelsPath"
