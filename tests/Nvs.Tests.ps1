#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester 5 suite for New-EspNvsPartition, Read-EspNvsPartition and New-EspNvsKeyPartition. Run through ./build.ps1 -Task Test (after dotnet build).
BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
    $script:Vectors = [IO.Path]::Combine($PSScriptRoot, 'MatterMfg.Tests', 'vectors', 'nvs')
    function script:Vector([string]$Case, [string]$File) { [IO.Path]::Combine($script:Vectors, $Case, $File) }
}

Describe 'New-EspNvsPartition' {
    It 'makes the generator image from its CSV (<_>)' -ForEach @('all_data_types', 'file_encodings', 'blob_across_pages', 'five_namespaces', 'read_only_0x1000') {
        $a = (Get-Content (Vector $_ 'args.txt')).Split(' ')
        $out = Join-Path $TestDrive "$_.bin"
        $info = New-EspNvsPartition -CsvPath (Vector $_ 'input.csv') -Size $a[1] -Version $a[2] -OutFile $out
        $info.Path | Should -Be $out
        (Get-FileHash $out).Hash | Should -Be (Get-FileHash (Vector $_ 'expected.bin')).Hash
    }

    It 'takes Import-Csv rows with Namespace, Key, Type, Encoding and Value columns' {
        $csv = Join-Path $TestDrive 'entries.csv'
        @'
Namespace,Key,Type,Encoding,Value
app,serial,data,string,SN-0001
app,boots,data,u32,0x10
cal,table,data,hex2bin,00ff10
'@ | Set-Content -Path $csv
        $out = Join-Path $TestDrive 'app.bin'
        Import-Csv $csv | New-EspNvsPartition -Size 0x3000 -OutFile $out | Out-Null
        $entries = Read-EspNvsPartition $out
        $entries.Key | Should -Be @('serial', 'boots', 'table')
        $entries[1].Value | Should -Be 16
        $entries[2].Value | Should -Be ([byte[]](0, 255, 16))
    }

    It 'names the bad row and writes no file' {
        $csv = Join-Path $TestDrive 'bad.csv'
        "key,type,encoding,value`nns,namespace,,`nok,data,u8,1`nbig,data,u8,256" | Set-Content -Path $csv
        $out = Join-Path $TestDrive 'bad.bin'
        New-EspNvsPartition -CsvPath $csv -OutFile $out -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NvsIntegerOutOfRange,*'
        $errs[0].TargetObject | Should -Be 'bad.csv line 4'
        Test-Path $out | Should -BeFalse
    }

    It 'gives the expected error for every negative vector (<_>)' -ForEach @('bad_hex2bin', 'data_does_not_fit', 'key_too_long', 'size_not_multiple_of_4096', 'string_3999_chars_page_full') {
        $folder = [IO.Path]::Combine($script:Vectors, 'negative', $_)
        $a = (Get-Content ([IO.Path]::Combine($folder, 'args.txt'))).Split(' ')
        $out = Join-Path $TestDrive "$_.bin"
        $errs = @()
        try {
            New-EspNvsPartition -CsvPath ([IO.Path]::Combine($folder, 'input.csv')) -Size $a[1] -Version $a[2] -OutFile $out -ErrorVariable errs -ErrorAction SilentlyContinue
        } catch {
            $errs += $_
        }
        $errs.Count | Should -BeGreaterThan 0
        Test-Path $out | Should -BeFalse
    }

    It 'writes nothing with -WhatIf' {
        $out = Join-Path $TestDrive 'whatif.bin'
        New-EspNvsPartition -CsvPath (Vector 'all_data_types' 'input.csv') -OutFile $out -WhatIf
        Test-Path $out | Should -BeFalse
    }

    It 'round-trips through Read-EspNvsPartition' {
        $out = Join-Path $TestDrive 'copy.bin'
        Read-EspNvsPartition (Vector 'all_data_types' 'expected.bin') | New-EspNvsPartition -Size 0x6000 -OutFile $out | Out-Null
        (Get-FileHash $out).Hash | Should -Be (Get-FileHash (Vector 'all_data_types' 'expected.bin')).Hash
    }
}

Describe 'Encryption' {
    It 'encrypts with a keys partition exactly as the generator does' {
        $keys = Join-Path $TestDrive 'keys.bin'
        New-EspNvsKeyPartition -Path $keys -Key ('0x' + '11' * 32 + '22' * 32) | Out-Null
        (Get-FileHash $keys).Hash | Should -Be (Get-FileHash (Vector 'encrypted_fixed_key' 'keys.bin')).Hash
        $out = Join-Path $TestDrive 'enc.bin'
        (New-EspNvsPartition -CsvPath (Vector 'encrypted_fixed_key' 'input.csv') -OutFile $out -KeyPartitionPath $keys).Encrypted | Should -BeTrue
        (Get-FileHash $out).Hash | Should -Be (Get-FileHash (Vector 'encrypted_fixed_key' 'expected.bin')).Hash
        (Read-EspNvsPartition $out -KeyPartitionPath $keys -Key s).Value | Should -Be 'secret'
    }

    It 'reports an encrypted image read without keys' {
        Read-EspNvsPartition (Vector 'encrypted_multipage' 'expected.bin') -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NvsEntryCrcMismatch,*'
        $errs[0].Exception.Message | Should -BeLike '*page 0, slot 0*encrypted*'
    }

    It 'does not replace a keys partition without -Force' {
        $keys = Join-Path $TestDrive 'fresh.bin'
        New-EspNvsKeyPartition $keys | Out-Null
        $before = (Get-FileHash $keys).Hash
        New-EspNvsKeyPartition $keys -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NvsKeyPartitionExists,*'
        (Get-FileHash $keys).Hash | Should -Be $before
    }
}
