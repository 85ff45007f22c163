# The module's entry (RootModule of MatterMfg.psd1). The cmdlets and every assembly they need are in lib/.
# PowerShell 7+: MatterMfg.Loader.dll, the one assembly loaded into PowerShell's own load context, loads them into an
#   AssemblyLoadContext of the module's own, so Npgsql, BouncyCastle, QRCoder, Pkcs11Interop and their dependencies
#   never collide with the versions PowerShell or another module has loaded.
# Windows PowerShell 5.1: loaded from lib/; the module's initializer resolves their dependencies from there, any version.
$moduleAssemblyPath = [IO.Path]::Combine($PSScriptRoot, 'lib', 'MatterMfg.PowerShell.dll')
$moduleAssembly = if ($PSVersionTable.PSEdition -eq 'Core') {
    # LoadFrom, not Add-Type (which costs ~300 ms the first time); a second import gets the assembly already loaded.
    $loader = [Reflection.Assembly]::LoadFrom([IO.Path]::Combine($PSScriptRoot, 'MatterMfg.Loader.dll'))
    $loader.GetType('MatterMfg.Loader.ModuleLoadContext', $true)::LoadModule($moduleAssemblyPath)
}
else {
    [Reflection.Assembly]::LoadFrom($moduleAssemblyPath)
}
$cmdlets = Microsoft.PowerShell.Core\Import-Module -Assembly $moduleAssembly -PassThru
# Imported before in this session (Import-Module -Force, or again after Remove-Module), the assembly's module comes back
# from PowerShell's cache without its cmdlets being added here: import them from the module info as well.
Microsoft.PowerShell.Core\Import-Module -ModuleInfo $cmdlets
Remove-Variable -Name moduleAssemblyPath, moduleAssembly, cmdlets, loader -ErrorAction Ignore
