using GridGIS.Core.Demo;

namespace GridGIS.Server.Features.Demo;

/// <summary>The published tables (data/published/*.csv), embedded byte for byte in the server assembly.</summary>
internal static class PublishedFiles
{
    public static string Read(string fileName)
    {
        using var stream = typeof(PublishedFiles).Assembly.GetManifestResourceStream("published/" + fileName)
                           ?? throw new InvalidOperationException($"published/{fileName} is not embedded (data/published in GridGIS.Server.csproj)");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static PublishedTables Tables() => PublishedTables.Parse(Read);
}
