<#
.SYNOPSIS
    Generates one factory image per row of a device CSV, resumably: run it again after a crash and it finishes the rest.
.DESCRIPTION
    Each CSV row is one device. Columns named like New-MatterFactoryImage's parameters (SerialNumber, Passcode,
    Discriminator, RotatingDeviceIdUniqueId, Salt, ...) bind by name; missing ones are generated. Every device is recorded
    in the manifest, so a rerun of the same command skips the devices already made and never issues one twice.
    Exit code (for Task Scheduler): 0 every row made or already made, 1 some rows failed (named in the log), 2 bad setup.
.EXAMPLE
    ./New-FactoryBatch.ps1 -CsvPath devices.csv -TestAttestation -OutputPath out -Manifest out/line1.manifest
.EXAMPLE
    powershell.exe -NonInteractive -NoProfile -File New-FactoryBatch.ps1 -CsvPath devices.csv -VendorId 0xFFF2 -ProductId 0x8001 -PaiCertificate pai.pem -PaiKey pai-key.pem -CertificationDeclaration cd.der
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $CsvPath,
    [string] $OutputPath = 'out',
    [string] $Manifest = ([IO.Path]::Combine('out', 'factory.manifest')),
    [string] $LogPath = ([IO.Path]::Combine('out', 'factory.log')),
    [string] $Batch = 'default',
    [string] $VendorId,
    [string] $ProductId,
    [string] $PaiCertificate,
    [string] $PaiKey,
    [string] $CertificationDeclaration,
    [switch] $TestAttestation
)

# The module next to this repository's examples/ (a build), or the installed one.
$built = [IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')
if (-not (Get-Module MatterMfg)) {
    if ([IO.File]::Exists($built)) { Import-Module $built } else { Import-Module MatterMfg }
}

$common = @{ OutputPath = $OutputPath; Manifest = $Manifest; Batch = $Batch; LogPath = $LogPath }
if ($TestAttestation) {
    $common.TestAttestation = $true
}
else {
    $common.VendorId = $VendorId
    $common.ProductId = $ProductId
    $common.PaiCertificate = $PaiCertificate
    $common.PaiKey = $PaiKey
    $common.CertificationDeclaration = $CertificationDeclaration
}

try {
    # Per-row problems are non-terminating errors (collected in $rowErrors); bad setup terminates (caught below).
    $devices = Import-Csv $CsvPath | New-MatterFactoryImage @common -ErrorVariable rowErrors -ErrorAction SilentlyContinue -WhatIf:$WhatIfPreference
}
catch {
    [Console]::Error.WriteLine("setup error: $($_.Exception.Message)")
    exit 2
}

$made = @($devices | Where-Object { $_.Status -eq 'Generated' }).Count
$skipped = @($devices | Where-Object { $_.Status -ne 'Generated' }).Count
foreach ($e in $rowErrors) { [Console]::Error.WriteLine("failed: $($e.Exception.Message)") }
"$made made, $skipped already done, $($rowErrors.Count) failed"
if ($rowErrors.Count -gt 0) { exit 1 }
exit 0
