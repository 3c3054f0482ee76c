namespace GridGIS.Core.Languages;

/// <summary>
/// The languages a facility mapped in OpenStreetMap serves in, from its <c>language:xx</c> tags
/// (https://wiki.openstreetmap.org/wiki/Key:language): <c>language:xx=yes</c> or <c>=main</c> adds the ISO 639-1 code xx,
/// <c>language:xx=no</c> removes it; Chinese (zh) is assumed for a facility in a Chinese city unless tagged
/// <c>language:zh=no</c>. Keys with a code that is not ISO 639-1 (<c>language:zh-Hans</c>, <c>language:yue</c>) and other
/// values (<c>only</c> aside, which counts as yes) are ignored. Result: zh first (when served), then the tagged codes in order
/// of their keys (ordinal), so the same tags always give the same list.
/// </summary>
public static class OsmLanguageTags
{
    private const string Prefix = "language:";

    /// <summary>The languages of a facility with <paramref name="tags"/> (OSM key to value); never empty unless zh is refused.</summary>
    public static string[] Languages(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var yes = new SortedSet<string>(StringComparer.Ordinal);
        var no = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var code = key[Prefix.Length..].Trim().ToLowerInvariant();
            if (!LanguageCodes.IsCode(code)) continue;
            switch (value.Trim().ToLowerInvariant())
            {
                case "yes" or "main" or "only": yes.Add(code); break;
                case "no": no.Add(code); break;
            }
        }
        var result = new List<string>();
        if (!no.Contains("zh")) result.Add("zh");
        result.AddRange(yes.Where(c => c != "zh" && !no.Contains(c)));
        return result.ToArray();
    }
}
