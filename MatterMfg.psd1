@{
    RootModule           = 'MatterMfg.psm1'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6f0d3c1e-5b7a-4c52-9a61-2d4f8e3b7c90'
    Author               = 'MatterMfg contributors'
    CompanyName          = 'MatterMfg'
    Copyright            = '(c) MatterMfg contributors. Apache-2.0.'
    Description          = 'Matter device manufacturing for Espressif chips: factory NVS and secure-cert partitions, DACs, onboarding payloads, and flashing over the ESP ROM bootloader. A faster, safer, composable replacement for esp-matter-mfg-tool.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @(
        'MatterMfg.Nvs.format.ps1xml'
        'MatterMfg.Onboarding.format.ps1xml'
        'MatterMfg.Attestation.format.ps1xml'
        'MatterMfg.Factory.format.ps1xml'
        'MatterMfg.Esp.format.ps1xml'
        'MatterMfg.Manifest.format.ps1xml'
        'MatterMfg.EspResults.format.ps1xml'
        'MatterMfg.ManualCode.format.ps1xml'
        'MatterMfg.Ota.format.ps1xml'
    )
    CmdletsToExport      = @(
        # NVS partitions
        'New-EspNvsPartition'
        'Read-EspNvsPartition'
        'New-EspNvsKeyPartition'

        # Commissioning data and onboarding payloads
        'Get-MatterOnboardingPayload'
        'New-MatterSpake2pVerifier'
        'Test-MatterSpake2pVerifier'
        'New-MatterPasscode'
        'New-MatterDiscriminator'
        'Get-MatterRotatingDeviceId'

        # Device attestation
        'New-MatterDac'
        'New-MatterPai'
        'Get-MatterCertificationDeclaration'
        'New-MatterCertificationDeclaration'
        'Test-MatterAttestationChain'

        # Factory images
        'New-MatterFactoryImage'

        # Flashing
        'Write-EspPartition'
        'Get-EspChip'
        'Get-EspSerialPort'
        'Read-EspFlash'
        'Get-EspPartitionTable'
        'New-EspPartitionTable'

        # Manifest and end-of-line checks
        'Export-MatterManifest'
        'Get-MatterManifest'
        'Copy-MatterManifest'
        'Initialize-MatterManifest'
        'Test-MatterFactoryImage'

        # OTA images
        'New-MatterOtaImage'
        'Get-MatterOtaImage'
        'Export-MatterOtaPayload'
        'Set-MatterOtaImage'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @('Get-OnboardingPayload')
    PrivateData          = @{
        PSData = @{
            Tags         = @('Matter', 'ESP32', 'Espressif', 'NVS', 'Manufacturing', 'Factory', 'DAC', 'QRCode', 'esptool', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux')
            ProjectUri   = 'https://example.invalid/mattermfg'
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ReleaseNotes = 'See README.md.'
        }
    }
}
