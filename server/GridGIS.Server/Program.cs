using GridGIS.Server;

// One binary: the web server (default, or `serve`) and the command line (migrate, demo, import, ...).
if (args.Length > 0 && Cli.IsCommand(args[0]))
    return await Cli.RunAsync(args);

var app = GridGisApp.Build(args.SkipWhile(a => a == "serve").ToArray());
await app.RunAsync();
return 0;

/// <summary>Entry point type, for WebApplicationFactory in the integration tests.</summary>
public partial class Program;
