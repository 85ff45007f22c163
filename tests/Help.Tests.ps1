# Pester 5: the help a user reads (Get-Help, generated from the cmdlets' XML docs by src/MatterMfg.HelpGen): INPUTS and
# OUTPUTS for every cmdlet, readable type names in the syntax, defaults stated. Run after dotnet build.
BeforeDiscovery {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
    $script:cmdlets = @((Get-Module MatterMfg).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
}

Describe 'Help of <Name>' -ForEach $script:cmdlets {
    BeforeAll {
        $script:help = Get-Help $Name -Full
        $script:text = $script:help | Out-String -Width 120
    }

    It 'has INPUTS' {
        @($help.inputTypes.inputType).Count | Should -BeGreaterThan 0
        $help.inputTypes.inputType | ForEach-Object { $_.type.name | Should -Not -BeNullOrEmpty }
        $text | Should -Match 'INPUTS\r?\n\s+\S'
    }

    It 'has OUTPUTS naming the types in [OutputType], each described' {
        $declared = @((Get-Command $Name).OutputType | ForEach-Object { $_.Type.FullName })
        @($help.returnValues.returnValue | ForEach-Object { $_.type.name }) | Should -Be $declared
        $help.returnValues.returnValue | ForEach-Object { ($_.description | Out-String).Trim() | Should -Not -BeNullOrEmpty }
        $text | Should -Match 'OUTPUTS\r?\n\s+\S'
    }

    It 'names types as PowerShell does (no Nullable`1) and hides DontShow parameters' {
        $text | Should -Not -Match 'Nullable'
        $hidden = (Get-Command $Name).Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [Parameter] -and $_.DontShow } }
        foreach ($p in $hidden) { $text | Should -Not -Match "-$($p.Name) " }
    }

    It 'states a default for each optional parameter that has one' {
        foreach ($p in @($help.parameters.parameter | Where-Object { $_ })) {
            $p.defaultValue | Should -Not -BeNullOrEmpty -Because "-$($p.name) shows 'None' or its default"
        }
    }
}

Describe 'What the help says, as printed' {
    It 'shows -At of Test-MatterAttestationChain as DateTime at 80 and 120 columns' {
        foreach ($width in 80, 120) {
            $syntax = Get-Help Test-MatterAttestationChain | Out-String -Width $width
            ($syntax -replace '\s+', ' ') | Should -Match '\[-At <DateTime>\]'
        }
        (Get-Help Test-MatterAttestationChain -Parameter At).type.name | Should -Be 'System.DateTime'
    }

    It 'states the defaults: <Command> -<Parameter> is <Default>' -ForEach @(
        @{ Command = 'New-MatterFactoryImage'; Parameter = 'OutputPath'; Default = 'out, under the current location*' }
        @{ Command = 'Write-EspPartition'; Parameter = 'Baud'; Default = '460800' }
        @{ Command = 'Write-EspPartition'; Parameter = 'PartitionTableOffset'; Default = '0x8000' }
        @{ Command = 'Write-EspPartition'; Parameter = 'KeysPartitionLabel'; Default = 'nvs_keys' }
        @{ Command = 'New-EspNvsPartition'; Parameter = 'Version'; Default = '2' }
        @{ Command = 'Get-MatterOnboardingPayload'; Parameter = 'DiscoveryCapabilities'; Default = '2' }
        @{ Command = 'Write-EspPartition'; Parameter = 'Offset'; Default = 'None' }
    ) {
        (Get-Help $Command -Parameter $Parameter).defaultValue | Should -BeLike $Default
        $printed = Get-Help $Command -Parameter $Parameter | Out-String -Width 80
        $printed | Should -Match ('Default value\s+' + [regex]::Escape($Default.TrimEnd('*')))
    }

    It 'says what can be piped: by value, by property name, or nothing' {
        (Get-Help New-MatterPasscode -Full).inputTypes.inputType.type.name | Should -Be 'None'
        $write = (Get-Help Write-EspPartition -Full).inputTypes.inputType
        $write.type.name | Should -Be 'System.Management.Automation.PSObject'
        ($write.description | Out-String) | Should -Match 'PartitionPath.*KeysPartitionPath.*SecureCertPath'
        $read = (Get-Help Read-EspNvsPartition -Full).inputTypes.inputType
        $read.type.name | Should -Contain 'System.String[]'
        (Get-Help Get-EspChip -Full | Out-String -Width 80) | Should -Match 'MatterMfg\.Esp\.EspChipInfo\s+A chip found on a port'
    }
}
