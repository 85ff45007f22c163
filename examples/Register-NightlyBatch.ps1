<#
.SYNOPSIS
    Registers a Windows scheduled task that runs New-FactoryBatch.ps1 every night, unattended.
.DESCRIPTION
    The task runs Windows PowerShell 5.1 with -NonInteractive, so nothing can prompt; New-MatterFactoryImage never asks
    for confirmation unless -Confirm is given. powershell.exe -File exits with the script's exit code, which Task
    Scheduler shows as the task's "Last Run Result": 0 all devices made, 1 some rows failed (see the log), 2 bad setup.
    Because the batch uses a manifest, a night that was cut short (reboot, power loss) is finished by the next run.
    Needs the ScheduledTasks module (Windows 8 / Server 2012 and later) and rights to register tasks.
.EXAMPLE
    ./Register-NightlyBatch.ps1 -CsvPath C:\factory\devices.csv -OutputPath C:\factory\out -At 02:00 -WhatIf
.EXAMPLE
    ./Register-NightlyBatch.ps1 -CsvPath C:\factory\devices.csv -OutputPath C:\factory\out -BatchArguments '-VendorId 0xFFF2 -ProductId 0x8001 -PaiCertificate C:\factory\pai.pem -PaiKey C:\factory\pai-key.pem -CertificationDeclaration C:\factory\cd.der'
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $CsvPath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string] $TaskName = 'MatterMfg nightly batch',
    [string] $At = '02:00',
    [string] $BatchArguments = '-TestAttestation'
)

$script = [IO.Path]::Combine($PSScriptRoot, 'New-FactoryBatch.ps1')
$manifest = [IO.Path]::Combine($OutputPath, 'factory.manifest')
$log = [IO.Path]::Combine($OutputPath, 'factory.log')
$arguments = "-NoProfile -NonInteractive -ExecutionPolicy Bypass -File `"$script`" -CsvPath `"$CsvPath`" -OutputPath `"$OutputPath`" -Manifest `"$manifest`" -LogPath `"$log`" $BatchArguments"

if ($PSCmdlet.ShouldProcess($TaskName, "Register a daily task at $At running: powershell.exe $arguments")) {
    $action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument $arguments -WorkingDirectory $OutputPath
    $trigger = New-ScheduledTaskTrigger -Daily -At $At
    # One run at a time: a night that overruns is not started twice (the manifest would make it safe, but pointless).
    $settings = New-ScheduledTaskSettingsSet -MultipleInstances IgnoreNew -StartWhenAvailable
    Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger -Settings $settings -Force
}
