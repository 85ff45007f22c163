# Pester 5: every example in every cmdlet's help (Get-Help <cmdlet> -Examples, from the generated MAML in
# out/MatterMfg/en-US), run literally in a folder of its own with its inputs set up, then checked against what its
# remarks promise. An example that needs a board is skipped, visibly, with the reason, from the list $NeedsBoard below.
# A new example without inputs here fails: give it a setup (and a check) below, or list it as needing a board.

BeforeDiscovery {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
    $examples = foreach ($cmd in Get-Command -Module MatterMfg -CommandType Cmdlet | Sort-Object Name) {
        $n = 0
        foreach ($ex in (Get-Help $cmd.Name -Examples).examples.example) {
            $n++
            # "PS> " starts each line of the code as the help shows it; the rest is what a user types.
            $code = (($ex.code -split '\r?\n') | ForEach-Object { $_ -replace '^\s*PS>\s?', '' }) -join "`n"
            @{ Id = "$($cmd.Name)#$n"; Code = $code.Trim() }
        }
    }
}

BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
    $vectors = [IO.Path]::Combine($PSScriptRoot, 'MatterMfg.Tests', 'vectors')
    $pki = [IO.Path]::Combine($vectors, 'matter', 'attestation')
    $excelCsv = [IO.Path]::Combine($PSScriptRoot, 'data', 'excel-devices.csv')
    function Copy-Input([string] $From, [string] $To) {
        $target = Join-Path $PWD $To
        New-Item -ItemType Directory -Path (Split-Path $target) -Force | Out-Null
        Copy-Item -LiteralPath $From -Destination $target
    }
    # Whole files compared as one string: Should -Be on byte arrays compares element by element, slowly.
    function Get-Base64([string] $Path) { [Convert]::ToBase64String([IO.File]::ReadAllBytes((Convert-Path $Path))) }
    function Get-Sha256Base64([string] $Path) {
        $sha = [Security.Cryptography.SHA256]::Create()
        try { [Convert]::ToBase64String($sha.ComputeHash([IO.File]::ReadAllBytes((Convert-Path $Path)))) } finally { $sha.Dispose() }
    }
    $otaPayload = [IO.Path]::Combine($vectors, 'ota', 'payload_a.bin')
    $otaPayload2 = [IO.Path]::Combine($vectors, 'ota', 'payload_b.bin')
    # An OTA image of the test payload with the given software version, as an example's input.
    function New-OtaInput([string] $OutFile, [uint32] $Version) {
        New-MatterOtaImage -Path $otaPayload -OutFile $OutFile -VendorId 0xFFF1 -ProductId 0x8000 -SoftwareVersion $Version -SoftwareVersionString "$Version.0" | Out-Null
    }
    function Get-Pem([string] $Path) { [Convert]::FromBase64String(((Get-Content $Path) -notmatch '^-----') -join '') }
    $partitionsCsv = @'
# Name,   Type, SubType, Offset,  Size, Flags
nvs,      data, nvs,     0x9000,  0x6000,
phy_init, data, phy,     0xf000,  0x1000,
factory,  app,  factory, 0x10000, 1M,
fctry,    data, nvs,     ,        0x6000
'@

    # Examples that talk to an ESP32 over a serial port: this suite has no board. The xunit suite runs the same
    # cmdlets against the ROM emulator behind a pseudo-terminal (tests/MatterMfg.Tests/Esp).
    $NeedsBoard = @{
        'Get-EspChip#1'            = 'it needs an ESP32 board on COM5'
        'Get-EspChip#2'            = 'it needs an ESP32-C3 on its USB-Serial/JTAG port /dev/ttyACM0'
        'Get-EspPartitionTable#2'  = 'it reads the table from a board on COM5'
        'New-EspPartitionTable#2'  = 'it reads the table from a board on COM5'
        'Read-EspFlash#1'          = 'it reads flash from a board on COM5'
        'Read-EspFlash#2'          = 'it reads flash from a board on /dev/ttyUSB0'
        'Test-MatterFactoryImage#3' = 'it reads the fctry partition back from a board on COM5'
        'Write-EspPartition#1'     = 'it flashes a board on COM5'
        'Write-EspPartition#2'     = 'it flashes a board on /dev/ttyUSB0'
        'Write-EspPartition#3'     = 'it flashes four boards on COM3..COM6'
    }
    # Examples that use the factory's PostgreSQL server db01: they run against the test server (MATTERMFG_TEST_PG, which
    # .ci/services/postgres.sh starts), which stands in for db01 (the host in the example is replaced by the test
    # server's address, nothing else), with a database factory and the roles mfg_owner and mfg made afresh for each, and
    # Get-Credential answering for the person at the keyboard. Without the server they are skipped, except under CI.
    . ([IO.Path]::Combine($PSScriptRoot, 'TestPostgres.ps1'))
    $NeedsServer = @{
        'Initialize-MatterManifest#1' = 'it needs the PostgreSQL server db01'
        'Copy-MatterManifest#1'       = 'it copies into the PostgreSQL server db01'
        'Copy-MatterManifest#2'       = 'it copies from the PostgreSQL server db01'
    }
    $rolePassword = @{ mfg_owner = 'owner-' + [guid]::NewGuid().ToString('N'); mfg = 'station-' + [guid]::NewGuid().ToString('N') }
    function Get-TestServerAddress([string] $Server) {
        @{ Host = [regex]::Match($Server, '(?i)(?:^|;)\s*(?:host|server)\s*=([^;]*)').Groups[1].Value
           Port = [regex]::Match($Server, '(?i)(?:^|;)\s*port\s*=([^;]*)').Groups[1].Value }
    }
    # The example as run: db01 is the test server.
    function ConvertTo-TestServerCode([string] $Code, [string] $Server) {
        $a = Get-TestServerAddress $Server
        $port = if ($a.Port) { $a.Port } else { '5432' }
        $Code -replace 'Host=db01', "Host=$($a.Host);Port=$port" -replace '@db01/', "@$($a.Host):$port/"
    }
    # The factory database as its user sees it (the owner's, or a station's login).
    function Get-FactoryLedger([string] $User = 'mfg') {
        $a = Get-TestServerAddress $env:MATTERMFG_TEST_PG
        "Host=$($a.Host);Port=$(if ($a.Port) { $a.Port } else { '5432' });Database=factory;Username=$User;Password=$($rolePassword[$User])"
    }
    # A new, empty database factory owned by mfg_owner; -Initialized: with the ledger's tables, and the station login mfg
    # granted what README's DBA section says.
    function Reset-FactoryDatabase([switch] $Initialized) {
        $server = $env:MATTERMFG_TEST_PG
        foreach ($role in $rolePassword.Keys) {
            Invoke-TestSql $server "DO `$`$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN CREATE ROLE $role LOGIN; END IF; END `$`$" | Out-Null
            Invoke-TestSql $server "ALTER ROLE $role PASSWORD '$($rolePassword[$role])'" | Out-Null
        }
        Clear-TestPools
        Invoke-TestSql $server 'DROP DATABASE IF EXISTS factory WITH (FORCE)' | Out-Null
        Invoke-TestSql $server 'CREATE DATABASE factory OWNER mfg_owner' | Out-Null
        if ($Initialized) {
            Initialize-MatterManifest -Manifest (Get-FactoryLedger mfg_owner) | Out-Null
            Invoke-TestSql (Get-FactoryLedger mfg_owner) 'GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO mfg; GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO mfg' | Out-Null
        }
    }
    # Get-Credential, answered as the person at the keyboard would for the example's user.
    $answerCredential = {
        function Get-Credential([string] $UserName) { [pscredential]::new($UserName, (ConvertTo-SecureString $rolePassword[$UserName] -AsPlainText -Force)) }
    }

    # What each example needs in its folder (run in the example's scope, so it can also set variables), and what its
    # remarks promise (given the example's output). Every runnable example has a check.
    $Setup = @{
        'Initialize-MatterManifest#1' = { Reset-FactoryDatabase; . $answerCredential }
        'Copy-MatterManifest#1'       = {
            Reset-FactoryDatabase -Initialized
            . $answerCredential
            $line1 = New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath gen -Manifest line1.manifest -WarningAction SilentlyContinue
        }
        'Copy-MatterManifest#2'       = {
            Reset-FactoryDatabase -Initialized
            $line1 = New-MatterFactoryImage -Count 3 -TestAttestation -OutputPath gen -Manifest line1.manifest -WarningAction SilentlyContinue
            Copy-MatterManifest -Path line1.manifest -Destination (Get-FactoryLedger) | Out-Null
            $env:PGPASSWORD = $rolePassword['mfg']  # the station's password, from its environment
        }
        'Export-MatterManifest#1' = {
            $d = New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath gen -Manifest line1.manifest -WarningAction SilentlyContinue
            Test-MatterFactoryImage -Path $d[0].PartitionPath -Manifest line1.manifest -TestAttestation | Out-Null
            $verified = $d[0].SerialNumber
        }
        'Get-EspPartitionTable#1' = { Set-Content -Path partitions.csv -Value $partitionsCsv }
        'Get-MatterCertificationDeclaration#1' = { Copy-Input (Join-Path $pki 'Chip-Test-CD-FFF2-8001.der') 'Chip-Test-CD-FFF2-8001.der' }
        'Get-MatterCertificationDeclaration#2' = {
            Copy-Input (Join-Path $pki 'Chip-Test-CD-FFF2-8001.der') 'cds/fff2-8001.der'
            Copy-Input (Join-Path $pki 'Chip-Test-CD-FFF1-8000-8063-kCdForAllExamples.der') 'cds/fff1-all.der'
            Copy-Input (Join-Path $pki 'Chip-Test-CD-Signing-Cert.pem') 'cd-signer.pem'
        }
        'Get-MatterManifest#1' = { $null = New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath gen -Manifest line1.manifest -WarningAction SilentlyContinue }
        'Get-MatterManifest#2' = {
            $null = 41..43 | ForEach-Object { [pscustomobject]@{ SerialNumber = 'ACME-0000{0}' -f $_ } } |
                New-MatterFactoryImage -TestAttestation -OutputPath gen -Manifest line1.manifest -WarningAction SilentlyContinue
        }
        'Get-MatterOnboardingPayload#2' = {
            # Excel's CSV (UTF-8 BOM, CRLF) with every row complete: labels need a passcode and a discriminator.
            Import-Csv $excelCsv | Where-Object Passcode | Export-Csv devices.csv -NoTypeInformation
            $rows = Import-Csv devices.csv
            New-Item -ItemType Directory labels | Out-Null
        }
        'Get-MatterRotatingDeviceId#2' = { $uid = '00112233445566778899aabbccddeeff' }
        'New-EspNvsKeyPartition#2' = { [IO.File]::WriteAllBytes((Join-Path $PWD 'hmac_key.bin'), [byte[]](1..32)) }
        'New-EspNvsPartition#1' = { Copy-Input ([IO.Path]::Combine($vectors, 'nvs', 'all_data_types', 'input.csv')) 'nvs.csv' }
        'New-EspNvsPartition#2' = { Copy-Input ([IO.Path]::Combine($vectors, 'nvs', 'all_data_types', 'input.csv')) 'nvs.csv' }
        'New-EspNvsPartition#3' = {
            "Namespace,Key,Type,Encoding,Value`r`napp,serial,data,string,SN-0001`r`napp,boots,data,u32,7" | Set-Content entries.csv
        }
        'New-EspNvsPartition#4' = {
            "key,type,encoding,value`nstorage,namespace,,`nold,data,u8,1`nkeep,data,string,yes" | Set-Content nvs-src.csv
            New-EspNvsPartition -CsvPath nvs-src.csv -Size 0x6000 -OutFile nvs.bin | Out-Null
        }
        'New-EspPartitionTable#1' = { Set-Content -Path partitions.csv -Value $partitionsCsv }
        'New-MatterCertificationDeclaration#2' = {
            Copy-Input (Join-Path $pki 'Chip-Test-CD-Signing-Cert.pem') 'cd-cert.pem'
            Copy-Input (Join-Path $pki 'Chip-Test-CD-Signing-Key.pem') 'cd-key.pem'
        }
        'New-MatterDac#1' = {
            Copy-Input (Join-Path $pki 'Chip-Test-PAI-FFF1-8000-Cert.pem') 'pai.pem'
            Copy-Input (Join-Path $pki 'Chip-Test-PAI-FFF1-8000-Key.pem') 'pai-key.pem'
        }
        'New-MatterDac#2' = {
            # pai.pfx holds the test PAI FFF1/8000 and its key under the password s3cret; Read-Host stands for the
            # person typing it (this suite runs non-interactively).
            Copy-Input ([IO.Path]::Combine($vectors, 'attestation-formats', 'pai.pfx')) 'pai.pfx'
            "CommonName,VendorId,ProductId`r`nlamp-0001,0xFFF1,0x8000`r`nlamp-0002,0xFFF1,0x8000" | Set-Content devices.csv
            function Read-Host([switch] $AsSecureString) { ConvertTo-SecureString 's3cret' -AsPlainText -Force }
        }
        'New-MatterFactoryImage#2' = {
            Copy-Input $excelCsv 'devices.csv'
            Copy-Input (Join-Path $pki 'Chip-Test-PAI-FFF2-8001-Cert.pem') 'pai.pem'
            Copy-Input (Join-Path $pki 'Chip-Test-PAI-FFF2-8001-Key.pem') 'pai-key.pem'
            Copy-Input (Join-Path $pki 'Chip-Test-CD-FFF2-8001.der') 'cd.der'
        }
        'New-MatterPai#1' = {
            # The NoVID test PAA may issue PAIs for any vendor.
            Copy-Input (Join-Path $pki 'Chip-Test-PAA-NoVID-Cert.pem') 'paa.pem'
            Copy-Input (Join-Path $pki 'Chip-Test-PAA-NoVID-Key.pem') 'paa-key.pem'
        }
        'Read-EspNvsPartition#1' = {
            $made = New-MatterFactoryImage -Count 2 -VendorId 0xFFF2 -ProductId 0x8001 -OutputPath out -WarningAction SilentlyContinue `
                -PaiCertificate (Join-Path $pki 'Chip-Test-PAI-FFF2-8001-Cert.pem') -PaiKey (Join-Path $pki 'Chip-Test-PAI-FFF2-8001-Key.pem')
        }
        'Read-EspNvsPartition#2' = {
            Copy-Input ([IO.Path]::Combine($vectors, 'nvs', 'encrypted_fixed_key', 'expected.bin')) 'nvs_enc.bin'
            Copy-Input ([IO.Path]::Combine($vectors, 'nvs', 'encrypted_fixed_key', 'keys.bin')) 'nvs_keys.bin'
        }
        'Test-MatterAttestationChain#1' = {
            [IO.File]::WriteAllBytes((Join-Path $PWD 'DAC_cert.der'), (Get-Pem ([IO.Path]::Combine($vectors, 'factory', 'minimal_fixed', 'DAC_cert.pem'))))
            Copy-Input (Join-Path $pki 'Chip-Test-PAI-FFF2-8001-Cert.pem') 'pai.pem'
            Copy-Input (Join-Path $pki 'Chip-Test-PAA-NoVID-Cert.pem') 'paa.pem'
        }
        'Test-MatterAttestationChain#2' = {
            # A PAA that did not sign the PAI: the example lists the rules that fail.
            [IO.File]::WriteAllBytes((Join-Path $PWD 'DAC_cert.der'), (Get-Pem ([IO.Path]::Combine($vectors, 'factory', 'minimal_fixed', 'DAC_cert.pem'))))
            Copy-Input (Join-Path $pki 'Chip-Test-PAI-FFF2-8001-Cert.pem') 'pai.pem'
            Copy-Input (Join-Path $pki 'Chip-Test-PAA-FFF1-Cert.pem') 'paa.pem'
        }
        'Test-MatterFactoryImage#2' = {
            # The reference tool's partition for FFF2/8001 (passcode 20202021), under the example's placeholder path.
            Copy-Input ([IO.Path]::Combine($vectors, 'factory', 'minimal_fixed', 'expected-partition.bin')) 'out/fff2_8001/0b5f.../0b5f...-partition.bin'
            Copy-Input (Join-Path $pki 'Chip-Test-PAI-FFF2-8001-Cert.pem') 'pai.pem'
        }
        'Test-MatterSpake2pVerifier#1' = { $v = (New-MatterSpake2pVerifier -Passcode 20202021 -Salt U1BBS0UyUCBLZXkgU2FsdA== -IterationCount 1000).Verifier }
        'Test-MatterSpake2pVerifier#2' = {
            $good = New-MatterSpake2pVerifier -Passcode 20202021 -IterationCount 1000
            $other = New-MatterSpake2pVerifier -Passcode 20202022 -IterationCount 1000
            @(
                [pscustomobject]@{ SerialNumber = 'S1'; Passcode = 20202021; Salt = $good.SaltBase64; IterationCount = 1000; Verifier = $good.VerifierBase64 }
                [pscustomobject]@{ SerialNumber = 'S2'; Passcode = 20202021; Salt = $good.SaltBase64; IterationCount = 1000; Verifier = $other.VerifierBase64 }
            ) | Export-Csv verifiers.csv -NoTypeInformation
        }
        'Export-MatterOtaPayload#1' = { New-OtaInput light-1.1.ota 2 }
        'Get-MatterOtaImage#1' = { New-OtaInput light-1.1.ota 2 }
        'Get-MatterOtaImage#2' = {
            New-Item -ItemType Directory release | Out-Null
            New-OtaInput release/light-1.0.ota 3
            New-OtaInput release/light-2.0.ota 4
        }
        'New-MatterOtaImage#1' = { Copy-Input $otaPayload 'build/light.bin' }
        'New-MatterOtaImage#2' = {
            Copy-Input $otaPayload 'build/light.bin'
            Copy-Input $otaPayload2 'build/switch.bin'
            @(
                [pscustomobject]@{ Path = 'build/light.bin'; OutFile = 'light-1.1.ota'; VendorId = '0xFFF1'; ProductId = '0x8000'; SoftwareVersion = '2'; SoftwareVersionString = '1.1' }
                [pscustomobject]@{ Path = 'build/switch.bin'; OutFile = 'switch-1.1.ota'; VendorId = '0xFFF1'; ProductId = '0x8001'; SoftwareVersion = '2'; SoftwareVersionString = '1.1' }
            ) | Export-Csv builds.csv -NoTypeInformation
        }
        'Set-MatterOtaImage#1' = { New-OtaInput light.ota 2 }
        'Set-MatterOtaImage#2' = { New-OtaInput light.ota 2 }
    }

    $Check = @{
        'Initialize-MatterManifest#1' = { param($out)
            $out.Applied | Should -Contain 1
            Invoke-TestSql (Get-FactoryLedger mfg_owner) "SELECT to_regclass('mattermfg_devices') IS NOT NULL AND to_regclass('mattermfg_history') IS NOT NULL" | Should -BeTrue
            $out.Ledger | Should -Match 'Database=factory;Username=mfg_owner'
            $out.Ledger | Should -Not -Match $rolePassword['mfg_owner']
        }
        'Copy-MatterManifest#1'       = { param($out)
            $out.Devices | Should -Be 2
            (Get-MatterManifest -Path (Get-FactoryLedger)).DeviceId | Sort-Object | Should -Be ($line1.DeviceId | Sort-Object)
        }
        'Copy-MatterManifest#2'       = { param($out)
            (Get-MatterManifest -Path backup-2026-12-02.manifest).SerialNumber | Sort-Object | Should -Be ($line1.SerialNumber | Sort-Object)
        }
        'Export-MatterManifest#1' = { param($out)
            $rows = @(Import-Csv line1-devices.csv)
            $rows.Count | Should -Be 1
            $rows[0].SerialNumber | Should -Be $verified
        }
        'Get-EspPartitionTable#1' = { param($out)
            $out.Label | Should -Be @('nvs', 'phy_init', 'factory', 'fctry')
            ($out | Where-Object Label -eq fctry).Offset | Should -Be 0x110000
        }
        # This machine may have no serial port: what is listed must be named, and example 2 gives names only.
        'Initialize-MatterManifest#2' = { param($out) Get-Content -Raw ledger-schema.sql | Should -Match 'CREATE TABLE' }
        'Get-EspSerialPort#1' = { param($out) @($out | Where-Object { $null -ne $_ -and -not $_.Name }).Count | Should -Be 0 }
        'Get-EspSerialPort#2' = { param($out) @($out | Where-Object { $null -ne $_ -and $_ -isnot [string] }).Count | Should -Be 0 }
        'Get-MatterCertificationDeclaration#1' = { param($out)
            $out.VendorId | Should -Be 0xFFF2
            $out.ProductIds | Should -Be @(0x8001)
            $out.DeviceTypeId | Should -Be 0x1234
            $out.CertificateId | Should -Be 'ZIG20141ZB330001-24'
        }
        'Get-MatterCertificationDeclaration#2' = { param($out)
            # The FFF1 CD fails the product check (a non-terminating error, captured below); the FFF2/8001 one passes.
            @($out).Count | Should -Be 1
            $out.VendorId | Should -Be 0xFFF2
            $exampleErrors.Count | Should -Be 1
        }
        'Get-MatterManifest#1' = { param($out)
            @($out).Count | Should -Be 2
            $out.State | ForEach-Object ToString | Should -Be @('Generated', 'Generated')
        }
        'Get-MatterManifest#2' = { param($out)
            $out.SerialNumber | Sort-Object -Unique | Should -Be 'ACME-000042'
            $out.State | ForEach-Object ToString | Should -Be @('Reserved', 'Generated')
        }
        'Get-MatterOnboardingPayload#1' = { param($out)
            $out.QrCode | Should -Be 'MT:Y.K9042C00KA0648G00'
            $out.ManualCode | Should -Be '34970112332'
            $out.ManualCodeFormatted | Should -Be '3497-011-2332'
        }
        'Get-MatterOnboardingPayload#2' = { param($out)
            @($out).Count | Should -Be $rows.Count
            foreach ($r in $rows) { Test-Path "labels/$($r.SerialNumber).png" | Should -BeTrue }
        }
        'Get-MatterOnboardingPayload#3' = { param($out)
            $out.VendorId | Should -Be 0xFFF1
            $out.Passcode | Should -Be 20202021
        }
        'Get-MatterOnboardingPayload#4' = { param($out)
            $out.Passcode | Should -Be 20202021
            $out.Discriminator | Should -Be 15
            $out.HasShortDiscriminator | Should -BeTrue
        }
        'Get-MatterRotatingDeviceId#1' = { param($out) $out.RotatingDeviceId | Should -Be '0A00D00561E77A68A9FD975057375B9283A8' }
        'Get-MatterRotatingDeviceId#2' = { param($out)
            $out.LifetimeCounter | Should -Be @(0, 1, 2, 3)
            @($out.RotatingDeviceId | Sort-Object -Unique).Count | Should -Be 4
        }
        'New-EspNvsKeyPartition#1' = { param($out) (Get-Item nvs_keys.bin).Length | Should -Be 0x1000 }
        'New-EspNvsKeyPartition#2' = { param($out)
            $expected = [MatterMfg.Nvs.NvsKeys]::FromHmacKey([byte[]](1..32)).ToPartition()
            Get-Base64 nvs_keys.bin | Should -Be ([Convert]::ToBase64String($expected))
        }
        'New-EspNvsPartition#1' = { param($out)
            Get-Base64 nvs.bin | Should -Be (Get-Base64 ([IO.Path]::Combine($vectors, 'nvs', 'all_data_types', 'expected.bin')))
        }
        'New-EspNvsPartition#2' = { param($out)
            $plain = Read-EspNvsPartition nvs.csv -ErrorAction SilentlyContinue
            { Read-EspNvsPartition nvs_enc.bin -ErrorAction Stop } | Should -Throw
            @(Read-EspNvsPartition nvs_enc.bin -KeyPartitionPath nvs_keys.bin).Count | Should -BeGreaterThan 10
        }
        'New-EspNvsPartition#3' = { param($out)
            $e = Read-EspNvsPartition app.bin
            ($e | Where-Object Key -eq serial).Value | Should -Be 'SN-0001'
            ($e | Where-Object Key -eq boots).Value | Should -Be 7
        }
        'New-EspNvsPartition#4' = { param($out) (Read-EspNvsPartition nvs2.bin).Key | Should -Be @('keep') }
        'New-EspPartitionTable#1' = { param($out)
            $b = [IO.File]::ReadAllBytes((Convert-Path partition-table.bin))
            $b.Length | Should -Be 0xC00
            $b[0..1] | Should -Be @(0xAA, 0x50)
            (Get-EspPartitionTable -Path partition-table.bin).Label | Should -Be @('nvs', 'phy_init', 'factory', 'fctry')
        }
        'New-MatterCertificationDeclaration#1' = { param($out)
            $cd = Get-MatterCertificationDeclaration .\CD.der
            $cd.VendorId | Should -Be 0xFFF1
            $cd.ProductIds | Should -Be @(0x8000)
            $cd.VersionNumber | Should -Be 0x2694
        }
        'New-MatterCertificationDeclaration#2' = { param($out)
            $cd = Get-MatterCertificationDeclaration .\cd.der -SigningCertificate .\cd-cert.pem
            $cd.ProductIds | Should -Be @(0x8001, 0x8002)
            $cd.DeviceTypeId | Should -Be 0x010D
        }
        'New-MatterDac#1' = { param($out)
            $out.VendorId | Should -Be 0xFFF1
            Test-Path (Join-Path dacs $out.CommonName) | Should -BeTrue
            [guid]::Parse($out.CommonName) | Should -Not -BeNullOrEmpty
        }
        'New-MatterDac#2' = { param($out)
            $out.CommonName | Should -Be @('lamp-0001', 'lamp-0002')
            Test-Path dacs/lamp-0002 | Should -BeTrue
        }
        'New-MatterDac#3' = { param($out) $out.IsValid | Should -BeTrue }
        'New-MatterDiscriminator#1' = { param($out)
            @($out).Count | Should -Be 50
            @($out | Sort-Object -Unique).Count | Should -Be 50
        }
        'New-MatterFactoryImage#1' = { param($out)
            @($out).Count | Should -Be 5
            foreach ($d in $out) { Test-Path $d.PartitionPath | Should -BeTrue }
        }
        'New-MatterFactoryImage#2' = { param($out)
            $out.SerialNumber | Should -Be @((Import-Csv devices.csv).SerialNumber)
            $out[0].Passcode | Should -Be 20202021
            @($out | Test-MatterFactoryImage -PaiCertificate pai.pem | Where-Object { -not $_.Passed }).Count | Should -Be 0
        }
        'New-MatterPai#1' = { param($out)
            Test-Path $out.CertificatePath | Should -BeTrue
            $out.VendorId | Should -Be 0xFFF2
            $out.ProductId | Should -Be 0x8001
        }
        'New-MatterPai#2' = { param($out)
            $out.ProductId | Should -Be 0x8005
            Test-Path (Join-Path dacs $out.CommonName) | Should -BeTrue
        }
        'New-MatterPasscode#1' = { param($out)
            @($out).Count | Should -Be 1000
            @($out | Sort-Object -Unique).Count | Should -Be 1000
        }
        'New-MatterSpake2pVerifier#1' = { param($out) $out.VerifierBase64 | Should -BeLike 'uWFwqugDNGiEck/po7KHwwMwwqZgN10X*' }
        'New-MatterSpake2pVerifier#2' = { param($out)
            $rows = Import-Csv verifiers.csv
            @($rows).Count | Should -Be 100
            @($rows | Test-MatterSpake2pVerifier) | Should -Not -Contain $false
        }
        'Read-EspNvsPartition#1' = { param($out)
            $out.Namespace | Sort-Object -Unique | Should -Be 'chip-factory'
            ($out | Where-Object Key -eq 'serial-num').Value | Sort-Object | Should -Be @($made.SerialNumber | Sort-Object)
        }
        'Read-EspNvsPartition#2' = { param($out)
            @($out).Count | Should -BeGreaterThan 0
            $out.Type | Sort-Object -Unique | Should -Be 'string'
        }
        'Test-MatterAttestationChain#1' = { param($out) $out.IsValid | Should -BeTrue }
        'Test-MatterAttestationChain#2' = { param($out)
            @($out).Count | Should -BeGreaterThan 0
            $out.Passed | Should -Not -Contain $true
        }
        'Test-MatterAttestationChain#3' = { param($out) $out | Should -BeTrue }
        'Test-MatterFactoryImage#1' = { param($out)
            @($out).Count | Should -Be 2
            $out.Passed | Should -Be @($true, $true)
        }
        'Test-MatterFactoryImage#2' = { param($out)
            @($out).Count | Should -BeGreaterThan 5
            @($out | Where-Object Outcome -eq 'Failed').Count | Should -Be 0
        }
        'Test-MatterSpake2pVerifier#1' = { param($out) $out | Should -BeTrue }
        'Test-MatterSpake2pVerifier#2' = { param($out) $out.SerialNumber | Should -Be 'S2' }
        'Export-MatterOtaPayload#1' = { param($out) Get-Base64 light-1.1.bin | Should -Be (Get-Base64 $otaPayload) }
        'Get-MatterOtaImage#1' = { param($out)
            $out.DigestValid | Should -BeTrue
            $out.SoftwareVersion | Should -Be 2
            $out.OtaChecksum | Should -Be (Get-Sha256Base64 light-1.1.ota)
        }
        'Get-MatterOtaImage#2' = { param($out) $out.SoftwareVersion | Should -Be 4 }
        'New-MatterOtaImage#1' = { param($out)
            $out.OtaChecksum | Should -Be (Get-Sha256Base64 light-1.1.ota)
            (Get-MatterOtaImage light-1.1.ota).DigestValid | Should -BeTrue
        }
        'New-MatterOtaImage#2' = { param($out)
            @($out).Count | Should -Be 2
            $out.OtaChecksum | Should -Be @((Get-Sha256Base64 light-1.1.ota), (Get-Sha256Base64 switch-1.1.ota))
        }
        'Set-MatterOtaImage#1' = { param($out)
            $new = Get-MatterOtaImage light-2.ota
            $new.SoftwareVersion | Should -Be 3
            $new.MinApplicableVersion | Should -Be 1
            $new.PayloadDigest | Should -Be (Get-MatterOtaImage light.ota).PayloadDigest
        }
        'Set-MatterOtaImage#2' = { param($out)
            $changed = Get-MatterOtaImage light.ota
            $changed.DigestAlgorithm.ToString() | Should -Be 'Sha512'
            $changed.DigestValid | Should -BeTrue
        }
    }
}

Describe 'Help examples' {
    It '<Id>: <Code>' -ForEach $examples {
        if ($NeedsBoard.ContainsKey($Id)) { Set-ItResult -Skipped -Because $NeedsBoard[$Id]; return }
        if ($NeedsServer.ContainsKey($Id)) { $Code = ConvertTo-TestServerCode $Code (Use-TestPostgres) }
        $pgPassword = $env:PGPASSWORD
        $Check.ContainsKey($Id) | Should -BeTrue -Because "every runnable example needs a check of what its remarks promise"
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive ($Id -replace '\W', '_'))
        Push-Location $folder
        try {
            # A user's default: a non-terminating error per bad item lets the rest go on.
            $ErrorActionPreference = 'Continue'
            if ($Setup.ContainsKey($Id)) { . $Setup[$Id] }
            # Literally as written; an error it writes fails the test, except where the check expects some.
            $all = . ([scriptblock]::Create($Code)) 2>&1 3>$null
            $exampleErrors = @($all | Where-Object { $_ -is [Management.Automation.ErrorRecord] })
            $out = $all | Where-Object { $_ -isnot [Management.Automation.ErrorRecord] }
            if ($Id -ne 'Get-MatterCertificationDeclaration#2') {
                $exampleErrors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Should -BeNullOrEmpty
            }
            & $Check[$Id] $out
        }
        finally {
            Pop-Location
            if ($pgPassword) { $env:PGPASSWORD = $pgPassword } else { Remove-Item Env:PGPASSWORD -ErrorAction SilentlyContinue }
        }
    }
}

Describe 'The lists of this file' {
    # The examples found at discovery, handed to the run phase.
    It 'name only examples that exist' -ForEach @{ All = $examples } {
        $ids = $All | ForEach-Object { $_.Id }
        @($ids).Count | Should -BeGreaterThan 40
        @($NeedsBoard.Keys + $NeedsServer.Keys + $Setup.Keys + $Check.Keys | Where-Object { $_ -notin $ids }) | Should -BeNullOrEmpty
    }

    It 'skip only examples that need a board (a -Port)' -ForEach @{ All = $examples } {
        foreach ($id in $NeedsBoard.Keys) { ($All | Where-Object { $_.Id -eq $id }).Code | Should -Match '-Port ' }
        @($All | Where-Object { $_.Code -match '-Port ' -and -not $NeedsBoard.ContainsKey($_.Id) }) | Should -BeNullOrEmpty
        foreach ($id in $NeedsServer.Keys) { ($All | Where-Object { $_.Id -eq $id }).Code | Should -Match 'Host=|postgres://' }
    }
}
