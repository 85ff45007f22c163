#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester 5 suite for the OTA image cmdlets, as a release engineer uses them (run through tests/run-tests.sh after dotnet build).
BeforeAll {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MatterMfg', 'MatterMfg.psd1')) -Force
    $script:Vectors = [IO.Path]::Combine($PSScriptRoot, 'MatterMfg.Tests', 'vectors', 'ota')
    function script:Vector([string]$Name) { [IO.Path]::Combine($script:Vectors, $Name) }
}

Describe 'New-MatterOtaImage' {
    It 'makes one image per row of a CSV of builds, the same bytes as the format rules give, and names a bad row' {
        $build = Join-Path $TestDrive 'build'
        New-Item -ItemType Directory $build | Out-Null
        Copy-Item (Vector 'payload_a.bin') (Join-Path $build 'light.bin')
        $csv = Join-Path $TestDrive 'builds.csv'
        @"
Path,OutFile,VendorId,ProductId,SoftwareVersion,SoftwareVersionString,DigestAlgorithm,MinApplicableVersion,MaxApplicableVersion,ReleaseNotesUrl
$build/light.bin,$TestDrive/minimal.ota,0xFFF1,0x8000,1,1.0,,,,
$build/light.bin,$TestDrive/bad.ota,0xFFF1,0x8000,2,2.0,sha256,2,,
$build/light.bin,$TestDrive/all_optional.ota,1,1,0x00010203,1.2.3-rc1,sha256,0,65536,https://example.com/notes/1.2.3
"@ | Set-Content -Path $csv
        $images = Import-Csv $csv | New-MatterOtaImage -ErrorVariable errs -ErrorAction SilentlyContinue
        $images.Count | Should -Be 2
        (Get-FileHash "$TestDrive/minimal.ota").Hash | Should -Be (Get-FileHash (Vector 'minimal_sha256.ota')).Hash
        (Get-FileHash "$TestDrive/all_optional.ota").Hash | Should -Be (Get-FileHash (Vector 'all_optional.ota')).Hash
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'OtaMinVersionNotBelowVersion,*'
        $errs[0].TargetObject.OutFile | Should -Be "$TestDrive/bad.ota"
        Test-Path "$TestDrive/bad.ota" | Should -BeFalse
        $images[0].PSObject.TypeNames[0] | Should -Be 'MatterMfg.Ota.OtaImageInfo'
    }

    It 'gives the DCL fields: OtaFileSize, OtaChecksum (base64 SHA-256 of the file) and OtaChecksumType 1' {
        $out = Join-Path $TestDrive 'dcl.ota'
        $i = New-MatterOtaImage -Path (Vector 'payload_a.bin') -OutFile $out -VendorId 0xFFF1 -ProductId 0x8000 -SoftwareVersion 1 -SoftwareVersionString '1.0'
        $i.OtaFileSize | Should -Be (Get-Item $out).Length
        $sha = [Security.Cryptography.SHA256]::Create()
        $i.OtaChecksum | Should -Be ([Convert]::ToBase64String($sha.ComputeHash([IO.File]::ReadAllBytes($out))))
        $i.OtaChecksumType | Should -Be 1
        ($i | Format-List | Out-String) | Should -Match 'VendorId\s+: 0xFFF1'
    }

    It 'writes nothing under -WhatIf' {
        $out = Join-Path $TestDrive 'whatif.ota'
        New-MatterOtaImage (Vector 'payload_a.bin') $out -VendorId 0xFFF1 -ProductId 0x8000 -SoftwareVersion 1 -SoftwareVersionString '1.0' -WhatIf | Should -BeNullOrEmpty
        Test-Path $out | Should -BeFalse
    }
}

Describe 'Get-MatterOtaImage, Export-MatterOtaPayload and Set-MatterOtaImage' {
    It 'reads every vector and finds its payload intact' {
        $images = Get-ChildItem $script:Vectors -Filter *.ota | Get-MatterOtaImage
        $images.Count | Should -BeGreaterThan 10
        $images | Where-Object { -not $_.DigestValid } | Should -BeNullOrEmpty
        ($images | Where-Object { $_.Path -like '*digest_sha512.ota' }).DigestAlgorithm | Should -Be 'Sha512'
    }

    It 'stops on a damaged payload with -ErrorAction Stop' {
        $bad = Join-Path $TestDrive 'damaged.ota'
        $bytes = [IO.File]::ReadAllBytes((Vector 'minimal_sha256.ota'))
        $bytes[500] = $bytes[500] -bxor 0xFF
        [IO.File]::WriteAllBytes($bad, $bytes)
        { Get-MatterOtaImage $bad -ErrorAction Stop } | Should -Throw -ErrorId 'OtaDigestMismatch,*'
        { Export-MatterOtaPayload $bad -OutFile "$TestDrive/damaged.bin" -ErrorAction Stop } | Should -Throw -ErrorId 'OtaDigestMismatch,*'
        Test-Path "$TestDrive/damaged.bin" | Should -BeFalse
    }

    It 'names the offset where a truncated image ends' {
        $cut = Join-Path $TestDrive 'cut.ota'
        [IO.File]::WriteAllBytes($cut, [IO.File]::ReadAllBytes((Vector 'two_payloads.ota'))[0..99])
        Get-MatterOtaImage $cut -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'OtaImageTruncated,*'
        $errs[0].Exception.Message | Should -Match 'ends at offset 100'
    }

    It 'extracts the payload and re-headers a copy' {
        Export-MatterOtaPayload (Vector 'two_payloads.ota') -OutFile "$TestDrive/fw.bin"
        $expected = [IO.File]::ReadAllBytes((Vector 'payload_a.bin')) + [IO.File]::ReadAllBytes((Vector 'payload_b.bin'))
        [IO.File]::ReadAllBytes("$TestDrive/fw.bin") | Should -Be $expected
        $new = Set-MatterOtaImage (Vector 'minimal_sha256.ota') -OutFile "$TestDrive/sha512.ota" -DigestAlgorithm sha512
        $new.DigestValid | Should -BeTrue
        (Get-FileHash "$TestDrive/sha512.ota").Hash | Should -Be (Get-FileHash (Vector 'digest_sha512.ota')).Hash
    }
}
