using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GridGIS.Server.Http;

/// <summary>
/// The server's OpenAPI document (the one <c>/openapi/v1.json</c> serves to administrators) written to a
/// file without a database: the application starts on an ephemeral loopback port (its endpoints are
/// wired when the pipeline is built) without its own background services (coverage start-up, Hangfire
/// server), which would connect, and stops once its endpoints are described. <c>gridgis openapi FILE</c>; the viewer's API types are generated from this file
/// (<c>scripts/api-types</c>, <c>viewer/web/src/api-types.ts</c>).
/// </summary>
internal static class OpenApiExport
{
    public const string Help = "write the OpenAPI document (what /openapi/v1.json serves) to FILE, without a database";

    public const string DocumentName = "v1";

    /// <summary>The document of <paramref name="services"/>' application as JSON (OpenAPI 3.1).</summary>
    public static async Task<string> JsonAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var provider = services.GetRequiredKeyedService<IOpenApiDocumentProvider>(DocumentName);
        var document = await provider.GetOpenApiDocumentAsync(ct);
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(writer));
        return writer.ToString().ReplaceLineEndings("\n") + "\n";
    }

    public static async Task<int> CommandAsync(string[] args)
    {
        if (args.Length != 1) throw new CliException("usage: openapi FILE");
        var json = await DocumentAsync();
        await File.WriteAllTextAsync(args[0], json);
        Cli.Log($"wrote the OpenAPI document to {args[0]} ({json.Length} characters)");
        return 0;
    }

    /// <summary>The document of an application built as <c>serve</c> builds it, started without its background services.</summary>
    public static async Task<string> DocumentAsync(CancellationToken ct = default)
    {
        // Nothing connects while the document is made: a placeholder stands in when no database is configured.
        var settings = new List<string> { "--urls", "http://127.0.0.1:0", "--Coverage:RunAtStartup", "false", "--Coverage:Server", "false" };
        if (Environment.GetEnvironmentVariable("GRIDGIS_DB_CS") is null && Environment.GetEnvironmentVariable("GRIDGIS_DB") is null)
            settings.AddRange(["--ConnectionStrings:GridGIS", "Host=127.0.0.1;Database=openapi-export-connects-nowhere"]);
        await using var app = GridGisApp.Build([.. settings], lastServices: services =>
        {
            foreach (var d in services.Where(d => d.ServiceType == typeof(IHostedService)
                                                 && d.ImplementationType?.Assembly == typeof(GridGisApp).Assembly).ToList())
                services.Remove(d);
        });
        await app.StartAsync(ct);
        try { return await JsonAsync(app.Services, ct); }
        finally { await app.StopAsync(ct); }
    }
}
