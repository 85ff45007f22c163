# Pester 5: `mattermfg --help` and `--version` as a user runs them (the built CLI under dotnet). Run after dotnet build.
BeforeAll {
    $script:cli = Get-ChildItem ([IO.Path]::Combine($PSScriptRoot, '..', 'src', 'MatterMfg.Cli', 'bin')) -Recurse -Filter 'mattermfg.dll' |
        Sort-Object LastWriteTime -Descending | Select-Object -First 1
    function Invoke-Cli { & dotnet $script:cli.FullName @args 2>&1 }
}

Describe 'mattermfg --help' {
    BeforeAll {
        $script:help = Invoke-Cli --help
        $script:code = $LASTEXITCODE
        $script:flat = ($script:help -join ' ') -replace '\s+', ' '
    }

    It 'exits 0 and fits 80 columns' {
        $script:code | Should -Be 0
        $script:help | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
    }

    It 'groups the options as esp-matter-mfg-tool does' {
        $titles = $script:help | Where-Object { $_ -match '^[A-Z].*:$' }
        $titles | Should -Be @('Options:', 'General options:', 'Commissioning options:', 'Device attestation credential options:',
            'Input certificate type (one of):', 'Device instance information options:', 'Device instance options:',
            'Few more Basic clusters options:', 'Extra information options using csv files:', 'MatterMfg options (not in esp-matter-mfg-tool):')
    }

    It 'describes <Option> with its allowed values and default' -ForEach @(
        @{ Option = '-cf, --commissioning-flow INTEGER'; Says = 'Allowed: 0 Standard, 1 User-Intent, 2 Custom. [default: 0]' }
        @{ Option = '-dm, --discovery-mode INTEGER'; Says = 'Allowed: 2 BLE, 4 On-network, 6 BLE and on-network. [default: 2 (BLE)]' }
        @{ Option = '-s, --size INTEGER'; Says = '[default: 0x6000]' }
        @{ Option = '--product-finish NAME'; Says = 'Allowed: other, matte, satin, polished, rugged, fabric.' }
        @{ Option = '--outdir PATH'; Says = '[default: out (under the current directory)]' }
        @{ Option = '--efuse-key-id INTEGER'; Says = 'Allowed: -1 (none), 0..5. [default: -1]' }
    ) {
        $script:flat | Should -Match ([regex]::Escape($Option) + ' .*' + [regex]::Escape($Says))
    }

    It 'lists -h and --version' {
        $script:help | Should -Contain '  -h, --help                    Show this message and exit.'
        ($script:help | Where-Object { $_ -like '  --version *' }) | Should -Not -BeNullOrEmpty
    }
}

Describe 'mattermfg --version' {
    It 'prints the version of the build and exits 0' {
        $out = Invoke-Cli --version
        $LASTEXITCODE | Should -Be 0
        $v = [Reflection.AssemblyName]::GetAssemblyName($script:cli.FullName).Version
        $out | Should -Be "mattermfg $($v.Major).$($v.Minor).$($v.Build)"
    }
}
