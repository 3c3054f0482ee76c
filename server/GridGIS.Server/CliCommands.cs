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
        Cli.Add("import-osm-facilities", Features.Facilities.OsmFacilityApi.Help, Features.Facilities.OsmFacilityApi.CommandAsync);
        Cli.Add("import-osm-basemap", Features.Basemap.BasemapApi.Help, Features.Basemap.BasemapApi.CommandAsync);
        Cli.Add("demo-accounts", "create the demo's accounts (one per role) where missing, passwords in the state folder's demo-accounts.txt",
            async _ =>
            {
                await using var db = Data.Database.Create(Data.Database.ConnectionString());
                await Features.Demo.DemoAccounts.EnsureAsync(db, GridGisApp.StateDirectory(), Cli.Log);
                return 0;
            });
        Cli.Add("city-files", Features.City.CityFilesCommand.Help, Features.City.CityFilesCommand.RunAsync);
        Cli.Add("openapi", Http.OpenApiExport.Help, Http.OpenApiExport.CommandAsync);
    }
}
