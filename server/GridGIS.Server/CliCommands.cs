namespace GridGIS.Server;

/// <summary>Every feature's command-line verbs, registered in one place.</summary>
internal static class CliCommands
{
    private static bool _done;

    public static void Register()
    {
        if (_done) return;
        _done = true;
        Features.Grids.GridsCommands.Register();
        Security.SecurityCommands.Register();
        Features.Coverage.CoverageCommand.Register();
        // Features add theirs here: Cli.Add("import", "...", Features.Import.ImportCommand.RunAsync);
        Cli.Add("import", Features.Import.ImportCommand.Help, Features.Import.ImportCommand.RunAsync);
        Cli.Add("export", Features.Export.ExportCommand.Help, Features.Export.ExportCommand.RunAsync);
        Cli.Add("import-osm", Features.Network.NetworkImportApi.Help, Features.Network.NetworkImportApi.CommandAsync);
        Cli.Add("openapi", Http.OpenApiExport.Help, Http.OpenApiExport.CommandAsync);
    }
}
