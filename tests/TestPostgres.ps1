# Dot-sourced by the Pester files that use a PostgreSQL ledger. The server is MATTERMFG_TEST_PG (a connection string,
# with its password; .ci/services/postgres.sh starts a throwaway cluster and sets it). Without it those tests are
# reported skipped with the reason, except under CI (CI=true), where they fail: CI must have run them.

# The test server's connection string, or (outside CI) skips the current test; under CI without a server, fails it.
function Use-TestPostgres {
    if ($env:MATTERMFG_TEST_PG) { return $env:MATTERMFG_TEST_PG }
    if ($env:CI -eq 'true') {
        throw 'MATTERMFG_TEST_PG is not set: under CI the PostgreSQL ledger tests fail rather than skip (.ci/services/postgres.sh starts the server).'
    }
    Set-ItResult -Skipped -Because 'MATTERMFG_TEST_PG is not set: the PostgreSQL ledger tests did not run (source .ci/services/postgres.sh to run them)'
}

# Runs one SQL statement on the server through the module's own Npgsql (in the module's AssemblyLoadContext, so by
# reflection: the tests load no Npgsql of their own); returns the first column of the first row.
function Invoke-TestSql([string] $ConnectionString, [string] $Sql) {
    $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([MatterMfg.Ledger.DeviceLedger].Assembly)
    $npgsql = $context.LoadFromAssemblyName([Reflection.AssemblyName]::new('Npgsql'))
    $connection = [Activator]::CreateInstance($npgsql.GetType('Npgsql.NpgsqlConnection', $true), [object[]]@($ConnectionString))
    try {
        $connection.Open()
        $command = $connection.CreateCommand()
        $command.CommandText = $Sql
        $command.ExecuteScalar()
    }
    finally { $connection.Dispose() }
}

# A schema of its own on the server for one test (its ledger's tables go there): Name, the ledger connection string
# without the password (ConnectionString), the Password apart, and Server (the full string, for Invoke-TestSql).
function New-TestLedger([string] $Server) {
    $name = 't_' + [guid]::NewGuid().ToString('N').Substring(0, 16)
    Invoke-TestSql $Server "CREATE SCHEMA $name" | Out-Null
    $password = [regex]::Match($Server, '(?i)(?:^|;)\s*password\s*=([^;]*)').Groups[1].Value
    $withoutPassword = ($Server -replace '(?i)(^|;)\s*password\s*=[^;]*', '').Trim(';')
    [pscustomobject]@{
        Name             = $name
        ConnectionString = "$withoutPassword;Search Path=$name"
        Password         = $password
        UserName         = [regex]::Match($Server, '(?i)(?:^|;)\s*(?:username|user id|user)\s*=([^;]*)').Groups[1].Value
        Server           = "$Server;Search Path=$name"
    }
}

function Remove-TestLedger($Ledger, [string] $Server) {
    if ($Ledger) { Invoke-TestSql $Server "DROP SCHEMA IF EXISTS $($Ledger.Name) CASCADE" | Out-Null }
}

# Empties Npgsql's connection pools (after a database was dropped with its sessions, a pooled connection is dead).
function Clear-TestPools {
    $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([MatterMfg.Ledger.DeviceLedger].Assembly)
    $context.LoadFromAssemblyName([Reflection.AssemblyName]::new('Npgsql')).GetType('Npgsql.NpgsqlConnection', $true).GetMethod('ClearAllPools').Invoke($null, @()) | Out-Null
}
