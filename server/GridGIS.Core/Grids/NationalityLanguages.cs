namespace GridGIS.Core.Grids;

/// <summary>
/// The languages (ISO 639-1) a grid worker could use with residents of a nationality (ISO 3166
/// alpha-2): the country's main official or common languages. Unknown nationalities map to nothing.
/// Chinese (zh) is not listed: every grid worker speaks it, and the match is about foreign languages.
/// </summary>
public static class NationalityLanguages
{
    private static readonly Dictionary<string, string[]> Map = new(StringComparer.OrdinalIgnoreCase)
    {
        ["KR"] = ["ko"], ["KP"] = ["ko"], ["JP"] = ["ja"],
        ["US"] = ["en"], ["GB"] = ["en"], ["AU"] = ["en"], ["NZ"] = ["en"], ["IE"] = ["en"], ["CA"] = ["en", "fr"],
        ["IN"] = ["en", "hi"], ["PH"] = ["en", "tl"], ["SG"] = ["en", "ms"], ["ZA"] = ["en"], ["NG"] = ["en"], ["PK"] = ["ur", "en"],
        ["FR"] = ["fr"], ["BE"] = ["nl", "fr", "de"], ["CH"] = ["de", "fr", "it"], ["LU"] = ["fr", "de"],
        ["DE"] = ["de"], ["AT"] = ["de"], ["IT"] = ["it"], ["ES"] = ["es"], ["MX"] = ["es"], ["AR"] = ["es"], ["CO"] = ["es"],
        ["CL"] = ["es"], ["PE"] = ["es"], ["PT"] = ["pt"], ["BR"] = ["pt"], ["NL"] = ["nl"], ["SE"] = ["sv"], ["NO"] = ["no"],
        ["DK"] = ["da"], ["FI"] = ["fi"], ["PL"] = ["pl"], ["RU"] = ["ru"], ["UA"] = ["uk", "ru"], ["BY"] = ["ru"], ["KZ"] = ["kk", "ru"],
        ["MN"] = ["mn"], ["TR"] = ["tr"], ["IL"] = ["he"], ["IR"] = ["fa"],
        ["SA"] = ["ar"], ["AE"] = ["ar"], ["EG"] = ["ar"], ["JO"] = ["ar"], ["IQ"] = ["ar"], ["MA"] = ["ar", "fr"],
        ["TH"] = ["th"], ["VN"] = ["vi"], ["ID"] = ["id"], ["MY"] = ["ms"], ["KH"] = ["km"], ["LA"] = ["lo"], ["MM"] = ["my"],
        ["BD"] = ["bn"], ["NP"] = ["ne"], ["LK"] = ["si"], ["GR"] = ["el"], ["CZ"] = ["cs"], ["HU"] = ["hu"], ["RO"] = ["ro"],
    };

    /// <summary>The languages of <paramref name="nationality"/>, or empty when it is unknown.</summary>
    public static IReadOnlyList<string> Of(string nationality)
    {
        ArgumentNullException.ThrowIfNull(nationality);
        return Map.TryGetValue(nationality.Trim(), out var langs) ? langs : [];
    }
}
