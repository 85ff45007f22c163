# Pester 5: a station pointed at the factory's PostgreSQL ledger, as a user at a factory PC does it: the connection
# string in -Manifest, the password in PGPASSWORD or -ManifestCredential, never on screen. Needs the test server
# (MATTERMFG_TEST_PG, which .ci/services/postgres.sh sets): without it these tests are skipped, except under CI, where
# they fail. Each test gets a schema of its own on that server.

BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
    . ([IO.Path]::Combine($PSScriptRoot, 'TestPostgres.ps1'))
    $script:cli = Get-ChildItem ([IO.Path]::Combine($PSScriptRoot, '..', 'src', 'MatterMfg.Cli', 'bin')) -Recurse -Filter 'mattermfg.dll' |
        Sort-Object LastWriteTime -Descending | Select-Object -First 1
    function New-Folder { New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))) }
    function New-Credential([string] $User, [string] $Password) {
        [pscredential]::new($User, (ConvertTo-SecureString $Password -AsPlainText -Force))
    }
}

Describe 'A station on a PostgreSQL ledger' {
    BeforeEach {
        $script:ledger = $null
        $script:savedPassword = $env:PGPASSWORD
        Remove-Item Env:PGPASSWORD -ErrorAction SilentlyContinue
    }
    AfterEach {
        if ($script:savedPassword) { $env:PGPASSWORD = $script:savedPassword } else { Remove-Item Env:PGPASSWORD -ErrorAction SilentlyContinue }
        if ($script:ledger) { Remove-TestLedger $script:ledger $env:MATTERMFG_TEST_PG }
    }

    It 'makes each device once: the same command run again resumes and makes none twice' {
        $server = Use-TestPostgres
        $script:ledger = New-TestLedger $server
        $out = New-Folder
        $login = New-Credential $ledger.UserName $ledger.Password
        $first = New-MatterFactoryImage -Count 3 -TestAttestation -OutputPath $out -Manifest $ledger.ConnectionString -ManifestCredential $login -SerialNumberFormat 'PG-{0:D3}' -WarningAction SilentlyContinue
        $again = New-MatterFactoryImage -Count 3 -TestAttestation -OutputPath $out -Manifest $ledger.ConnectionString -ManifestCredential $login -SerialNumberFormat 'PG-{0:D3}' -WarningAction SilentlyContinue -Verbose 4>&1
        @($first).Count | Should -Be 3
        $first.SerialNumber | Sort-Object | Should -Be @('PG-001', 'PG-002', 'PG-003')
        # The rerun makes nothing: it returns the same three devices and says each was made already.
        @($again | Where-Object { $_ -is [MatterMfg.Factory.FactoryDevice] }).DeviceId | Sort-Object | Should -Be ($first.DeviceId | Sort-Object)
        @($again | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and $_.Message -match 'already made in the manifest' }).Count | Should -Be 3
        $devices = Get-MatterManifest -Path $ledger.ConnectionString -ManifestCredential $login
        @($devices).Count | Should -Be 3
        @($devices.DacSerial | Sort-Object -Unique).Count | Should -Be 3
        @(Get-ChildItem -Path (Join-Path $out 'fff1_8000') -Directory | Where-Object Name -ne 'staging').Count | Should -Be 3
        # What the ledger shows of its location has no password in it.
        $first[0].Manifest | Should -Match "Search Path=$($ledger.Name)"
        $first[0].Manifest | Should -Not -Match ([regex]::Escape($ledger.Password))
    }

    It 'checks a device at end of line, lists the ledger and exports it for the contract manufacturer' {
        $server = Use-TestPostgres
        $script:ledger = New-TestLedger $server
        $out = New-Folder
        # Generated with the password in the connection string: the log and the output show the string without it.
        $log = Join-Path $out 'batch.log'
        $made = New-MatterFactoryImage -Count 2 -TestAttestation -OutputPath $out -Manifest "$($ledger.ConnectionString);Password=$($ledger.Password)" -SerialNumberFormat 'EOL-{0:D2}' -LogPath $log -WarningAction SilentlyContinue
        Get-Content -Raw $log | Should -Match "Search Path=$($ledger.Name)"
        (Get-Content -Raw $log) + ($made | Out-String) | Should -Not -Match ([regex]::Escape($ledger.Password))
        $env:PGPASSWORD = $ledger.Password  # from here on, from the environment
        ($made[0] | Test-MatterFactoryImage -Manifest $ledger.ConnectionString -TestAttestation).Passed | Should -BeTrue

        $listed = Get-MatterManifest -Path $ledger.ConnectionString
        ($listed | Where-Object SerialNumber -eq $made[0].SerialNumber).State.ToString() | Should -Be 'Verified'
        ($listed | Where-Object SerialNumber -eq $made[1].SerialNumber).State.ToString() | Should -Be 'Generated'

        $csv = Join-Path $out 'devices.csv'
        Export-MatterManifest -Path $ledger.ConnectionString -OutFile $csv -State Verified | Out-Null
        $rows = @(Import-Csv $csv)
        $rows.Count | Should -Be 1
        $rows[0].SerialNumber | Should -Be $made[0].SerialNumber
        $rows[0].State | Should -Be 'Verified'
    }

    It 'says a wrong password is wrong, without printing it' {
        $server = Use-TestPostgres
        $script:ledger = New-TestLedger $server
        $secret = 'Not-The-Password-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $err = $null
        Get-MatterManifest -Path $ledger.ConnectionString -ManifestCredential (New-Credential $ledger.UserName $secret) -ErrorVariable err -ErrorAction SilentlyContinue
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LedgerConnectionFailed,*'
        $err[0].ToString() | Should -Match 'password authentication failed'
        ($err[0] | Out-String) + $err[0].Exception.ToString() | Should -Not -Match $secret
        # The same with the password in the connection string: the message shows the string without it.
        $err = $null
        Get-MatterManifest -Path "$($ledger.ConnectionString);Password=$secret" -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LedgerConnectionFailed,*'
        ($err[0] | Out-String) + $err[0].Exception.ToString() | Should -Not -Match $secret
        $err[0].ToString() | Should -Match "Search Path=$($ledger.Name)"
    }

    It 'runs mattermfg --manifest on the same ledger with the password in PGPASSWORD, and never logs it' {
        $server = Use-TestPostgres
        $script:ledger = New-TestLedger $server
        $out = New-Folder
        $log = Join-Path $out 'station.log'
        $env:PGPASSWORD = $ledger.Password
        $text = & dotnet $script:cli.FullName --test-pki -n 2 --outdir (Join-Path $out 'gen') --manifest $ledger.ConnectionString --serial-num-format 'CLI-{0:D2}' --log-file $log 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($text -join "`n")
        (Get-MatterManifest -Path $ledger.ConnectionString).SerialNumber | Sort-Object | Should -Be @('CLI-01', 'CLI-02')
        ($text -join "`n") + (Get-Content -Raw $log) | Should -Not -Match ([regex]::Escape($ledger.Password))
    }

    It 'creates a ledger''s tables with mattermfg manifest init (for a DBA without PowerShell), once, and prints their SQL' {
        $server = Use-TestPostgres
        $script:ledger = New-TestLedger $server
        $env:PGPASSWORD = $ledger.Password
        $first = & dotnet $script:cli.FullName manifest init $ledger.ConnectionString 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($first -join "`n")
        $first -join "`n" | Should -Match 'schema version 1; applied 1\.'
        Invoke-TestSql $ledger.Server "SELECT to_regclass('mattermfg_devices') IS NOT NULL AND to_regclass('mattermfg_history') IS NOT NULL" | Should -BeTrue
        $again = & dotnet $script:cli.FullName manifest init --manifest $ledger.ConnectionString 2>&1
        $LASTEXITCODE | Should -Be 0
        $again -join "`n" | Should -Match 'up to date; nothing changed'
        ($first + $again) -join "`n" | Should -Not -Match ([regex]::Escape($ledger.Password))

        $sql = & dotnet $script:cli.FullName manifest init --script 2>&1
        $LASTEXITCODE | Should -Be 0
        $sql -join "`n" | Should -Match 'CREATE TABLE mattermfg_history'

        $secret = 'Not-The-Password-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $denied = & dotnet $script:cli.FullName manifest init "$($ledger.ConnectionString);Password=$secret" 2>&1
        $LASTEXITCODE | Should -Be 1
        $denied -join "`n" | Should -Match 'password authentication failed'
        $denied -join "`n" | Should -Not -Match $secret
        $usage = & dotnet $script:cli.FullName manifest init 2>&1
        $LASTEXITCODE | Should -Be 2
        $usage -join "`n" | Should -Match 'init needs one connection string'
    }
}
