namespace GridGIS.Core.Import.Osm;

/// <summary>
/// One rule of the OSM tag-to-category mapping (stored in <c>osm_facility_rule</c>): an OSM feature whose
/// <see cref="TagKey"/> has <see cref="TagValue"/> (null: any value), and <see cref="AlsoKey"/> has
/// <see cref="AlsoValue"/> when <see cref="AlsoKey"/> is set (null value: any), and whose <c>name</c> or
/// <c>name:zh</c> contains <see cref="NameContains"/> when set, becomes a facility of <see cref="Category"/>.
/// Rules are tried in <see cref="Position"/> order; the first that matches takes the feature.
/// </summary>
public sealed record OsmFacilityRule(int Position, string Category, string TagKey, string? TagValue,
    string? AlsoKey = null, string? AlsoValue = null, string? NameContains = null, string? Note = null)
{
    /// <summary>True when the feature's tags satisfy this rule.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (!tags.TryGetValue(TagKey, out var v) || (TagValue is not null && !Values(v).Contains(TagValue))) return false;
        if (AlsoKey is not null && (!tags.TryGetValue(AlsoKey, out var a) || (AlsoValue is not null && !Values(a).Contains(AlsoValue)))) return false;
        if (NameContains is not null)
        {
            var name = tags.GetValueOrDefault("name") ?? "";
            var nameZh = tags.GetValueOrDefault("name:zh") ?? "";
            if (!name.Contains(NameContains, StringComparison.Ordinal) && !nameZh.Contains(NameContains, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    /// <summary>OSM's multi-value tags are separated by ';' (<c>isced:level=1;2</c>).</summary>
    private static string[] Values(string v) => v.Contains(';', StringComparison.Ordinal) ? v.Split(';', StringSplitOptions.TrimEntries) : [v];

    /// <summary>What the rule says, for people: <c>amenity=school + isced:level=1, name contains 小学</c>.</summary>
    public string Describe()
    {
        var s = $"{TagKey}={TagValue ?? "*"}";
        if (AlsoKey is not null) s += $" + {AlsoKey}={AlsoValue ?? "*"}";
        if (NameContains is not null) s += $", name contains {NameContains}";
        return s;
    }

    /// <summary>
    /// What is wrong with the rule, or null when it is valid: keys are OSM keys (letters, digits, <c>_:.-</c>, at most 100),
    /// the category a code (<c>^[a-z][a-z0-9_]{1,40}$</c>), values 1..200 characters, a name pattern 1..100, no also-value
    /// without an also-key.
    /// </summary>
    public string? Problem()
    {
        if (!IsKey(TagKey)) return $"tagKey '{TagKey}' is not an OSM key (letters, digits, _ : . -, at most 100 characters)";
        if (AlsoKey is not null && !IsKey(AlsoKey)) return $"alsoKey '{AlsoKey}' is not an OSM key (letters, digits, _ : . -, at most 100 characters)";
        if (AlsoValue is not null && AlsoKey is null) return "alsoValue needs an alsoKey";
        if (!IsCategory(Category)) return $"category '{Category}' is not a category code (a lower-case letter, then 1..40 of a-z, 0-9, _)";
        if (TagValue is { Length: 0 or > 200 }) return "tagValue must have 1..200 characters, or be null for any value";
        if (AlsoValue is { Length: 0 or > 200 }) return "alsoValue must have 1..200 characters, or be null for any value";
        if (NameContains is { Length: 0 or > 100 }) return "nameContains must have 1..100 characters, or be null";
        if (Note is { Length: > 300 }) return "note may have at most 300 characters";
        return null;
    }

    private static bool IsKey(string k) => k.Length is >= 1 and <= 100 && k.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':' or '.' or '-');

    private static bool IsCategory(string c) => c.Length is >= 2 and <= 41 && char.IsAsciiLetterLower(c[0])
                                                && c.Skip(1).All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == '_');
}
