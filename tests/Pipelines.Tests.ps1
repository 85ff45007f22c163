# Pester 5: the module as a person at a factory PC meets it. Real Import-Csv pipelines (a CSV saved by Excel: UTF-8
# BOM, CRLF, empty cells), -WhatIf and -Confirm, the error ids a script matches on, what the console shows at 80 and
# 120 columns, and the list of which test file covers each exported cmdlet.

BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
    $pki = [IO.Path]::Combine($PSScriptRoot, 'MatterMfg.Tests', 'vectors', 'matter', 'attestation')
    $paiFff2 = @{ PaiCertificate = (Join-Path $pki 'Chip-Test-PAI-FFF2-8001-Cert.pem'); PaiKey = (Join-Path $pki 'Chip-Test-PAI-FFF2-8001-Key.pem') }
    # Saved by Excel as "CSV UTF-8 (Comma delimited)": a BOM, CRLF line ends, empty cells, a quoted cell with a comma.
    $excelCsv = [IO.Path]::Combine($PSScriptRoot, 'data', 'excel-devices.csv')
    # Runs a script in a child PowerShell of this edition with the module imported, and returns what its console shows.
    function Invoke-Child([string] $Script) {
        $module = [IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes("Import-Module '$module'`n$Script"))
        $psArgs = '-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', $encoded
        if ($PSVersionTable.PSEdition -eq 'Desktop') { $out = & ([IO.Path]::Combine($PSHOME, 'powershell.exe')) @psArgs }
        else {
            $exe = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
            # Under `dotnet pwsh` the process is dotnet and pwsh is a DLL in $PSHOME.
            if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $out = & $exe ([IO.Path]::Combine($PSHOME, 'pwsh.dll')) @psArgs }
            else { $out = & $exe @psArgs }
        }
        ($out -join "`n") -replace "$([char]27)\[[0-9;]*m", ''
    }
    function New-Folder { New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))) }
}

Describe 'A CSV saved by Excel' {
    It 'is the file Excel writes: BOM, CRLF, empty cells (kept byte for byte by .gitattributes)' {
        $bytes = [IO.File]::ReadAllBytes($excelCsv)
        $bytes[0..2] | Should -Be @(0xEF, 0xBB, 0xBF)
        $text = [Text.Encoding]::UTF8.GetString($bytes)
        ([regex]::Matches($text, "`r`n")).Count | Should -Be 4
        ([regex]::Matches($text, "(?<!`r)`n")).Count | Should -Be 0
        $text | Should -Match ',,'
    }

    It 'reads through Import-Csv as strings without the BOM or a CR in any cell' {
        $rows = Import-Csv $excelCsv
        $rows.Count | Should -Be 3
        $rows[0].PSObject.Properties.Name | Should -Be @('SerialNumber', 'VendorId', 'ProductId', 'Passcode', 'Discriminator', 'CommonName', 'Note')
        $rows[1].Passcode | Should -BeExactly ''
        $rows[1].Note | Should -Be 'drawn: passcode, discriminator'
        $rows[2].Note | Should -BeExactly ''
        @($rows | ForEach-Object { $_.PSObject.Properties.Value } | Where-Object { $_ -match "`r" }) | Should -BeNullOrEmpty
    }

    It 'makes one factory device per row, drawing the passcode and discriminator of empty cells, that pass the end-of-line check' {
        $out = New-Folder
        $devices = Import-Csv $excelCsv | New-MatterFactoryImage -VendorId 0xFFF2 -ProductId 0x8001 @paiFff2 -OutputPath $out -CertificationDeclaration (Join-Path $pki 'Chip-Test-CD-FFF2-8001.der')
        $devices.SerialNumber | Should -Be @('ACME-000041', 'ACME-000042', 'ACME-000043')
        $devices[0].Passcode | Should -Be 20202021
        $devices[0].Discriminator | Should -Be 3840
        $devices[1].Passcode | Should -BeGreaterThan 0
        $devices[2].Discriminator | Should -Be 5
        $checked = $devices | Test-MatterFactoryImage -PaiCertificate $paiFff2.PaiCertificate
        $checked.Passed | Should -Be @($true, $true, $true)
    }

    It 'gives onboarding codes per complete row and a per-row error naming the empty field' {
        $rows = Import-Csv $excelCsv
        $codes = $rows | Get-MatterOnboardingPayload -ErrorVariable errs -ErrorAction SilentlyContinue
        $codes.QrCode | Should -Be @('MT:634J042C00KA0648G00', 'MT:634J06PF15U7018EW10')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        $errs[0].TargetObject | Should -Be $rows[1]
        $errs[0].Exception.Message | Should -Match "'(Passcode|Discriminator)'.*'' is not an integer"
    }

    It 'issues a DAC per row, named by the CommonName cell or a new UUID where it is empty' {
        $out = New-Folder
        $dacs = Import-Csv $excelCsv | New-MatterDac @paiFff2 -OutputPath $out
        $dacs.Count | Should -Be 3
        $dacs[0].CommonName | Should -Be 'ACME-000041'
        [guid]::Parse($dacs[1].CommonName) | Should -Not -BeNullOrEmpty
        ($dacs | Test-MatterAttestationChain -PaaCertificate (Join-Path $pki 'Chip-Test-PAA-NoVID-Cert.pem') -Quiet) | Should -Be @($true, $true, $true)
    }

    It 'builds an NVS partition from a generator CSV saved by Excel' {
        $dir = New-Folder
        $csv = Join-Path $dir 'nvs.csv'
        [IO.File]::WriteAllBytes($csv, [byte[]](0xEF, 0xBB, 0xBF) + [Text.Encoding]::UTF8.GetBytes("key,type,encoding,value`r`nstorage,namespace,,`r`nserial,data,string,SN-1`r`nboots,data,u32,7`r`nnote,data,string,`r`n"))
        New-EspNvsPartition -CsvPath $csv -Size 0x3000 -OutFile (Join-Path $dir 'nvs.bin') | Out-Null
        $e = Read-EspNvsPartition (Join-Path $dir 'nvs.bin')
        $e.Key | Should -Be @('serial', 'boots', 'note')
        $e[0].Value | Should -BeExactly 'SN-1'
        $e[2].Value | Should -BeExactly ''
    }

    It 'reads a partitions.csv saved by Excel' {
        $csv = Join-Path (New-Folder) 'partitions.csv'
        [IO.File]::WriteAllBytes($csv, [byte[]](0xEF, 0xBB, 0xBF) + [Text.Encoding]::UTF8.GetBytes("# Name,Type,SubType,Offset,Size,Flags`r`nnvs,data,nvs,0x9000,0x6000,`r`nfctry,data,nvs,,0x6000,`r`n"))
        $t = Get-EspPartitionTable -Path $csv
        $t.Label | Should -Be @('nvs', 'fctry')
        $t[1].Offset | Should -Be 0xF000
    }
}

Describe '-WhatIf and -Confirm' {
    BeforeAll {
        $src = New-Folder
        Set-Content -Path (Join-Path $src 'nvs.csv') -Value "key,type,encoding,value`nstorage,namespace,,`nserial,data,string,SN-1"
        Set-Content -Path (Join-Path $src 'partitions.csv') -Value "nvs,data,nvs,0x9000,0x6000,"
        $manifest = Join-Path $src 'line1.manifest'
        $null = New-MatterFactoryImage -Count 1 -TestAttestation -OutputPath (Join-Path $src 'gen') -Manifest $manifest -WarningAction SilentlyContinue
        # Each cmdlet that writes files, called as a user would, writing to $target.
        $calls = [ordered]@{
            'New-EspNvsPartition'                = { param($target, $common) New-EspNvsPartition -CsvPath (Join-Path $src 'nvs.csv') -Size 0x3000 -OutFile $target @common }
            'New-EspNvsKeyPartition'             = { param($target, $common) New-EspNvsKeyPartition -Path $target @common }
            'New-EspPartitionTable'              = { param($target, $common) New-EspPartitionTable -CsvPath (Join-Path $src 'partitions.csv') -OutputPath $target @common }
            'New-MatterDac'                      = { param($target, $common) New-MatterDac -TestAttestation -CommonName dev-1 -OutputPath $target -WarningAction SilentlyContinue @common }
            'New-MatterPai'                      = { param($target, $common) New-MatterPai -TestAttestation -ProductId 0x8005 -OutputPath $target -WarningAction SilentlyContinue @common }
            'New-MatterCertificationDeclaration' = { param($target, $common) New-MatterCertificationDeclaration -TestSigner -VendorId 0xFFF1 -ProductId 0x8000 -DeviceTypeId 0x16 -CertificateId ZIG20141ZB330001-24 -OutFile $target -WarningAction SilentlyContinue @common }
            'New-MatterFactoryImage'             = { param($target, $common) New-MatterFactoryImage -Count 1 -TestAttestation -OutputPath $target -WarningAction SilentlyContinue @common }
            'Get-MatterOnboardingPayload'        = { param($target, $common) Get-MatterOnboardingPayload -QrCode 'MT:Y.K9042C00KA0648G00' -QrImagePath $target @common }
            'Export-MatterManifest'              = { param($target, $common) Export-MatterManifest -Path $manifest -OutFile $target @common }
        }
        $nonInteractive = [Environment]::GetCommandLineArgs() -contains '-NonInteractive'
        # "What if:" goes to the host, not to a stream: one child PowerShell runs every call with -WhatIf and its console
        # output is what a person sees, split per cmdlet at the ### lines.
        $whatIfTargets = @{}
        $script = "`$src = '$src'; `$manifest = '$manifest'`n"
        foreach ($name in $calls.Keys) {
            $whatIfTargets[$name] = Join-Path (New-Folder) 'target.out'
            $script += "Write-Host '### $name'`n& { $($calls[$name]) } '$($whatIfTargets[$name])' @{ WhatIf = `$true }`n"
        }
        $whatIfShown = @{}
        foreach ($part in (Invoke-Child $script) -split '(?m)^### ' | Where-Object { $_ }) {
            $name, $text = $part -split '\r?\n', 2
            $whatIfShown[$name.Trim()] = $text -replace '\r?\n', ''
        }
    }

    It '<Name> -WhatIf says what it would write, and where, and writes nothing' -ForEach @(
        'New-EspNvsPartition', 'New-EspNvsKeyPartition', 'New-EspPartitionTable', 'New-MatterDac', 'New-MatterPai',
        'New-MatterCertificationDeclaration', 'New-MatterFactoryImage', 'Get-MatterOnboardingPayload', 'Export-MatterManifest' | ForEach-Object { @{ Name = $_ } }) {
        Test-Path $whatIfTargets[$Name] | Should -BeFalse
        $whatIfShown[$Name] | Should -Match ('What if: Performing the operation ".+" on target ".*' + [regex]::Escape($whatIfTargets[$Name]))
    }

    It '<Name> -Confirm:$false writes without asking even when $ConfirmPreference asks for everything' -ForEach @(
        'New-EspNvsPartition', 'New-EspNvsKeyPartition', 'New-EspPartitionTable', 'New-MatterDac', 'New-MatterPai',
        'New-MatterCertificationDeclaration', 'New-MatterFactoryImage', 'Get-MatterOnboardingPayload', 'Export-MatterManifest' | ForEach-Object { @{ Name = $_ } }) {
        $target = Join-Path (New-Folder) 'target.out'
        $ConfirmPreference = 'Low'
        $null = & $calls[$Name] $target @{ Confirm = $false }
        Test-Path $target | Should -BeTrue
    }

    It '<Name> -Confirm asks first, and in a non-interactive session fails without writing' -ForEach @(
        'New-EspNvsKeyPartition', 'New-MatterFactoryImage', 'Export-MatterManifest' | ForEach-Object { @{ Name = $_ } }) {
        if (-not $nonInteractive) { Set-ItResult -Skipped -Because 'this session can answer the prompt: run the suite with pwsh -NonInteractive (tests/run-tests.sh does)'; return }
        $target = Join-Path (New-Folder) 'target.out'
        { & $calls[$Name] $target @{ Confirm = $true; ErrorAction = 'Stop' } } | Should -Throw -ExceptionType ([Management.Automation.PSInvalidOperationException])
        Test-Path $target | Should -BeFalse
    }

    It 'Write-EspPartition -WhatIf names the image, the partition and the port, and opens no port' {
        $dir = New-Folder
        $img = Join-Path $dir 'fctry.bin'
        [IO.File]::WriteAllBytes($img, [byte[]]::new(0x6000))
        $port = if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') { Get-EspSerialPort | Select-Object -First 1 -ExpandProperty Name } else { $img }
        if (-not $port) { Set-ItResult -Skipped -Because 'this Windows machine has no serial port'; return }
        $shown = (Invoke-Child "Write-EspPartition -Port '$port' -Path '$img' -Offset 0x9000 -WhatIf") -replace '\r?\n', ''
        $shown | Should -Match 'What if: Performing the operation "Write flash"'
        $shown | Should -Match ([regex]::Escape($img))
    }
    It 'Read-EspFlash -WhatIf names the region, the port and the file, and opens no port' {
        $file = Join-Path (New-Folder) 'readback.bin'
        $noPort = Join-Path $TestDrive 'ttyNONE'
        $shown = (Invoke-Child "Read-EspFlash -Port '$noPort' -PartitionLabel fctry -Path '$file' -WhatIf") -replace '\r?\n', ''
        $shown | Should -Match ([regex]::Escape("What if: Performing the operation ""Read partition 'fctry' from the flash on $noPort into the file"" on target ""$file"""))
        $shown | Should -Not -Match 'EspPortNotFound|does not exist'
        Test-Path $file | Should -BeFalse
    }

    It 'Read-EspFlash refuses a -Path it cannot write before it opens the port' {
        $folder = New-Folder
        $noPort = Join-Path $TestDrive 'ttyNONE'
        $err = { Read-EspFlash -Port $noPort -Offset 0x9000 -Length 0x1000 -Path $folder -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'FileAccessFailed,*'
        $err.Exception.Message | Should -BeLike "*$folder*folder*"
    }
}

Describe 'Error ids a script matches on' {
    BeforeAll {
        $missing = Join-Path $TestDrive 'missing.bin'
        $noPort = if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') { 'COM250' } else { Join-Path $TestDrive 'ttyNONE' }
    }

    It '<Call> fails with <Id>' -ForEach @(
        @{ Call = 'Get-EspChip -Port $noPort'; Id = 'EspPortNotFound' }
        @{ Call = 'Initialize-MatterManifest -Manifest (Join-Path $TestDrive line1.manifest)'; Id = 'LedgerConnectionStringInvalid' }
        @{ Call = 'Copy-MatterManifest -Path $missing -Destination (Join-Path $TestDrive copy.manifest)'; Id = 'InputFileNotFound' }
        @{ Call = 'Read-EspFlash -Port $noPort -Offset 0x9000 -Length 0x1000 -Path (Join-Path $TestDrive r.bin)'; Id = 'EspPortNotFound' }
        @{ Call = 'Read-EspFlash -Port $noPort -Offset 0x9000 -Length ''10kb'' -Path (Join-Path $TestDrive r.bin)'; Id = 'ParameterArgumentTransformationError' }
        # A missing input file: one id, InputFileNotFound, with the category ObjectNotFound, from every cmdlet.
        @{ Call = 'Get-EspPartitionTable -Path $missing'; Id = 'InputFileNotFound' }
        @{ Call = 'Read-EspNvsPartition -Path $missing'; Id = 'InputFileNotFound' }
        @{ Call = 'Get-MatterCertificationDeclaration -Path $missing'; Id = 'InputFileNotFound' }
        @{ Call = 'Test-MatterFactoryImage -Path $missing -Passcode 20202021'; Id = 'InputFileNotFound' }
        @{ Call = 'Get-MatterManifest -Path $missing'; Id = 'InputFileNotFound' }
        @{ Call = 'New-EspNvsPartition -CsvPath $missing -OutFile (Join-Path $TestDrive n.bin)'; Id = 'InputFileNotFound' }
        @{ Call = 'Get-MatterOnboardingPayload -VendorId 0xFFF1 -ProductId 0x8000 -Passcode 11111111 -Discriminator 1'; Id = 'PasscodeInvalid' }
        @{ Call = 'Get-MatterOnboardingPayload -ManualCode 02684354589'; Id = 'ManualCodeCheckDigitInvalid' }
        @{ Call = 'New-MatterSpake2pVerifier -Passcode 20202021 -Salt AAEC'; Id = 'SaltLengthInvalid' }
        @{ Call = 'New-MatterDiscriminator -Count 4097 -Unique'; Id = 'NumberOutOfRange' }
        @{ Call = 'Get-MatterRotatingDeviceId -UniqueId 0011 -LifetimeCounter 1'; Id = 'RotatingDeviceIdUniqueIdTooShort' }
    ) {
        $err = $null
        try { $null = Invoke-Expression "$Call -ErrorAction Stop" } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        if ($Id -eq 'InputFileNotFound') { $err.CategoryInfo.Category | Should -Be 'ObjectNotFound' }
    }

    It 'an error shows its message and no stack trace' {
        Get-MatterOnboardingPayload -VendorId 0xFFF1 -ProductId 0x8000 -Passcode 11111111 -Discriminator 1 -ErrorVariable errs -ErrorAction SilentlyContinue
        foreach ($width in 80, 120) {
            $shown = $errs[0] | Out-String -Width $width
            ($shown -replace '\s+', ' ') | Should -Match 'Passcode: 11111111 is not allowed as a setup passcode'
            $shown | Should -Not -Match '\bat MatterMfg\.|\.cs:line|   at '
        }
    }
}

Describe 'What a person sees at <Width> columns' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
    BeforeAll {
        function Show($InputObject) { $InputObject | Out-String -Width $Width }
        $dir = New-Folder
    }

    It 'the onboarding codes whole, on one row' {
        $shown = Show (Get-MatterOnboardingPayload -VendorId 0xFFF1 -ProductId 0x8000 -Passcode 20202021 -Discriminator 3840)
        $shown -split '\r?\n' | Where-Object { $_ -match 'MT:Y\.K9042C00KA0648G00' -and $_ -match '3497-011-2332' } | Should -Not -BeNullOrEmpty
    }

    It 'the rotating device id whole' {
        Show (Get-MatterRotatingDeviceId -UniqueId '00112233445566778899aabbccddeeff' -LifetimeCounter 10) | Should -Match '0A00D00561E77A68A9FD975057375B9283A8'
    }

    It 'a certification declaration with hex ids and its certificate id' {
        $shown = Show (Get-MatterCertificationDeclaration (Join-Path $pki 'Chip-Test-CD-FFF2-8001.der'))
        $shown | Should -Match 'VendorId\s+: 0xFFF2'
        $shown | Should -Match 'ProductIds\s+: 0x8001'
        $shown | Should -Match 'ZIG20141ZB330001-24'
    }

    It 'a partition table with every label, offset and size' {
        $csv = Join-Path $dir 'p.csv'
        Set-Content $csv "nvs,data,nvs,0x9000,0x6000,`nesp_secure_cert,0x3F,,0xF000,0x2000,encrypted"
        $shown = Show (Get-EspPartitionTable -Path $csv)
        $shown | Should -Match 'esp_secure_cert'
        $shown | Should -Match '0x9000'
        $shown | Should -Match '0x6000'
    }

    It 'the factory data of a partition, keys whole' {
        $d = New-MatterFactoryImage -Count 1 -TestAttestation -OutputPath (Join-Path $dir "f$Width") -WarningAction SilentlyContinue
        $shown = Show (Read-EspNvsPartition $d.PartitionPath)
        foreach ($key in 'iteration-count', 'discriminator', 'serial-num', 'dac-cert', 'verifier') { $shown | Should -Match "chip-factory\s+$key\s" }
    }

    It 'a failed end-of-line check names the failed rule' {
        $d = New-MatterFactoryImage -Count 1 -TestAttestation -OutputPath (Join-Path $dir "e$Width") -WarningAction SilentlyContinue
        $shown = Show (Test-MatterFactoryImage -Path $d.PartitionPath -Passcode 1 -TestAttestation -WarningAction SilentlyContinue)
        $shown | Should -Match 'False'
        $shown | Should -Match 'Verifier'
        $shown | Should -Match ([regex]::Escape($d.SerialNumber))
    }

    It 'a DAC with its common name, VID and PID' {
        $shown = Show (New-MatterDac -TestAttestation -CommonName "lamp-$Width" -OutputPath (Join-Path $dir "d$Width") -WarningAction SilentlyContinue)
        $shown | Should -Match "lamp-$Width\s+FFF1\s+8000"
    }

    It 'an attestation report says whether it is valid' {
        $r = New-MatterDac -TestAttestation -OutputPath (Join-Path $dir "c$Width") -WarningAction SilentlyContinue | Test-MatterAttestationChain -WarningAction SilentlyContinue
        Show $r | Should -Match 'IsValid\s+: True'
    }

    It 'a manifest lists serial numbers and states' {
        $m = Join-Path $dir "m$Width.manifest"
        $null = New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath (Join-Path $dir "g$Width") -Manifest $m -WarningAction SilentlyContinue
        $devices = Get-MatterManifest -Path $m
        $shown = Show $devices
        foreach ($s in $devices.SerialNumber) { $shown | Should -Match ([regex]::Escape($s)) }
        $shown | Should -Match 'Generated'
    }
}

Describe 'The README' {
    BeforeAll { $readme = Get-Content -Raw ([IO.Path]::Combine($PSScriptRoot, '..', 'README.md')) }

    It 'sets up with a first command that assembles out/MatterMfg, and tests with what CI runs' {
        $setup = [regex]::Match($readme, '(?s)## Set up on a fresh machine.*?```sh(.*?)```').Groups[1].Value
        $commands = @($setup -split '\r?\n' | Where-Object { $_ -and $_ -notmatch '^\s*#' })
        $commands[0] | Should -Be 'dotnet build MatterMfg.sln'
        # The solution builds the cmdlet project, whose AssembleModule target writes out/MatterMfg.
        Get-Content -Raw ([IO.Path]::Combine($PSScriptRoot, '..', 'MatterMfg.sln')) | Should -Match 'MatterMfg\.PowerShell\.csproj'
        Get-Content -Raw ([IO.Path]::Combine($PSScriptRoot, '..', 'src', 'MatterMfg.PowerShell', 'MatterMfg.PowerShell.csproj')) | Should -Match '<Target Name="AssembleModule" AfterTargets="Build">'
        $commands | Should -Contain 'bash tests/run-tests.sh'
        Get-Content -Raw ([IO.Path]::Combine($PSScriptRoot, '..', '.ci', 'run')) | Should -Match 'tests/run-tests\.sh'
    }

    It 'quotes benchmark timings only as ratios (a target may name its absolute limit)' {
        $absolute = [regex]::Matches($readme, '(?<![\d.])(?<!< )\d+(\.\d+)? ?(ms|µs|devices/s|DACs/s)\b') | ForEach-Object Value
        $absolute | Should -BeNullOrEmpty
    }
}

Describe 'The suite itself' {
    It 'runs without a Set-StrictMode leaked from the caller (build.ps1 -Task Test runs it in a child process)' {
        { $null = $aVariableNobodyDefined } | Should -Not -Throw
    }
}

Describe 'Every exported cmdlet has Pester tests' {
    BeforeAll {
        # Which test files call each cmdlet as a user would. A new cmdlet fails the first test until it has tests here.
        $coverage = [ordered]@{
            'Export-MatterManifest'              = 'Manifest.Tests.ps1', 'Pipelines.Tests.ps1'
            'Export-MatterOtaPayload'            = 'Ota.Tests.ps1'
            'Get-MatterOtaImage'                 = 'Ota.Tests.ps1'
            'New-MatterOtaImage'                 = 'Ota.Tests.ps1'
            'Set-MatterOtaImage'                 = 'Ota.Tests.ps1'
            'Get-EspChip'                        = 'Pipelines.Tests.ps1'
            'Initialize-MatterManifest'          = 'Pipelines.Tests.ps1'
            'Copy-MatterManifest'                = 'Pipelines.Tests.ps1'
            'Get-EspPartitionTable'              = 'Esp.Tests.ps1', 'Pipelines.Tests.ps1'
            'Get-EspSerialPort'                  = 'Esp.Tests.ps1'
            'Get-MatterCertificationDeclaration' = 'Attestation.Tests.ps1', 'Pipelines.Tests.ps1'
            'Get-MatterManifest'                 = 'Manifest.Tests.ps1', 'EndOfLine.Tests.ps1'
            'Get-MatterOnboardingPayload'        = 'Onboarding.Tests.ps1', 'Pipelines.Tests.ps1'
            'Get-MatterRotatingDeviceId'         = 'Onboarding.Tests.ps1'
            'New-EspNvsKeyPartition'             = 'Nvs.Tests.ps1', 'Pipelines.Tests.ps1'
            'New-EspNvsPartition'                = 'Nvs.Tests.ps1', 'Pipelines.Tests.ps1'
            'New-EspPartitionTable'              = 'Esp.Tests.ps1', 'Pipelines.Tests.ps1'
            'New-MatterCertificationDeclaration' = 'Attestation.Tests.ps1', 'Pipelines.Tests.ps1'
            'New-MatterDac'                      = 'Attestation.Tests.ps1', 'Pipelines.Tests.ps1'
            'New-MatterDiscriminator'            = 'Onboarding.Tests.ps1'
            'New-MatterFactoryImage'             = 'Factory.Tests.ps1', 'Pipelines.Tests.ps1'
            'New-MatterPai'                      = 'Attestation.Tests.ps1', 'Pipelines.Tests.ps1'
            'New-MatterPasscode'                 = 'Onboarding.Tests.ps1'
            'New-MatterSpake2pVerifier'          = 'Onboarding.Tests.ps1'
            'Read-EspFlash'                      = 'Pipelines.Tests.ps1'
            'Read-EspNvsPartition'               = 'Nvs.Tests.ps1', 'Pipelines.Tests.ps1'
            'Test-MatterAttestationChain'        = 'Attestation.Tests.ps1', 'Pipelines.Tests.ps1'
            'Test-MatterFactoryImage'            = 'EndOfLine.Tests.ps1', 'Pipelines.Tests.ps1'
            'Test-MatterSpake2pVerifier'         = 'Onboarding.Tests.ps1'
            'Write-EspPartition'                 = 'Esp.Tests.ps1', 'Pipelines.Tests.ps1'
        }
    }

    It 'the list names exactly the cmdlets the module exports' {
        $exported = Get-Command -Module MatterMfg -CommandType Cmdlet | ForEach-Object Name | Sort-Object
        @($coverage.Keys | Sort-Object) | Should -Be @($exported)
    }

    It 'each listed file calls its cmdlet' {
        foreach ($name in $coverage.Keys) {
            foreach ($file in $coverage[$name]) {
                Get-Content -Raw ([IO.Path]::Combine($PSScriptRoot, $file)) | Should -Match "(^|[\s|({;'])$([regex]::Escape($name))\s" -Because "$file is listed as testing $name"
            }
        }
    }

    It 'each cmdlet with help examples has them run by Examples.Help.Tests.ps1' {
        $runner = Get-Content -Raw ([IO.Path]::Combine($PSScriptRoot, 'Examples.Help.Tests.ps1'))
        $runner | Should -Match 'Get-Command -Module MatterMfg -CommandType Cmdlet'
        foreach ($name in $coverage.Keys) { @((Get-Help $name -Examples).examples.example).Count | Should -BeGreaterThan 0 -Because "$name needs an example" }
    }
}
