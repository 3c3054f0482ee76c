using GridGIS.Core.Coverage;
using GridGIS.Core.Grids;

namespace GridGIS.Core.Languages;

/// <summary>One household's foreign residents of one nationality (ISO 3166 alpha-2), as the household's record gives them.</summary>
public readonly record struct HouseholdNationality(long HouseholdId, string Nationality, int Persons);

/// <summary>
/// The households of a coverage run that hold foreign residents whose languages are known, prepared once for every
/// category (<see cref="LanguageCoverage"/>): each such household (a <i>slot</i>) with its index in
/// <see cref="CoverageHouseholds.Households"/> and its persons per language set. A nationality's languages are those of
/// <see cref="NationalityLanguages"/> (Chinese is never among them: every facility is assumed to serve in it); persons of a
/// nationality with no known language are left out of the language figures (<see cref="UnknownPersons"/> counts them).
/// Languages are numbered in <see cref="Languages"/> (at most 64, ordinal order) so a set of them is one <see cref="ulong"/>.
/// Immutable; thread-safe.
/// </summary>
public sealed class LanguageHouseholds
{
    /// <summary>Most distinct languages a run's households may want (one bit each).</summary>
    public const int MaxLanguages = 64;

    private readonly Dictionary<string, int> _index;

    private LanguageHouseholds(string[] languages, int[] householdOfSlot, int[] slotOfHousehold, int[] entryStart, ulong[] entryMask,
        int[] entryPersons, ulong[] wanted, long unknown)
    {
        Languages = languages;
        _index = languages.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        HouseholdOfSlot = householdOfSlot; SlotOfHousehold = slotOfHousehold; EntryStart = entryStart; EntryMask = entryMask;
        EntryPersons = entryPersons; Wanted = wanted; UnknownPersons = unknown;
    }

    /// <summary>The languages wanted by some household, ordinal order: bit i of a mask is Languages[i].</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>Households with foreign residents of a known language.</summary>
    public int Count => HouseholdOfSlot.Length;

    /// <summary>Foreign residents whose nationality maps to no known language (left out of the language figures).</summary>
    public long UnknownPersons { get; }

    internal int[] HouseholdOfSlot { get; }
    internal int[] SlotOfHousehold { get; }
    internal int[] EntryStart { get; }
    internal ulong[] EntryMask { get; }
    internal int[] EntryPersons { get; }
    internal ulong[] Wanted { get; }

    /// <summary>The bit set of <paramref name="languages"/> among <see cref="Languages"/> (codes nobody wants add nothing).</summary>
    public ulong MaskOf(IEnumerable<string>? languages)
    {
        ulong m = 0;
        if (languages is null) return m;
        foreach (var l in languages)
            if (_index.TryGetValue(l.Trim().ToLowerInvariant(), out var i)) m |= 1UL << i;
        return m;
    }

    /// <summary>
    /// Prepares the nationalities of <paramref name="households"/>' households (rows of households not in the run, and rows of
    /// no persons, are ignored; several rows of one household and nationality add up).
    /// </summary>
    /// <exception cref="ArgumentException">negative persons, or more than <see cref="MaxLanguages"/> languages wanted</exception>
    public static LanguageHouseholds Prepare(CoverageHouseholds households, IEnumerable<HouseholdNationality> nationalities)
    {
        ArgumentNullException.ThrowIfNull(households);
        ArgumentNullException.ThrowIfNull(nationalities);
        var all = households.Households;
        var indexOf = new Dictionary<long, int>();
        var byHousehold = new Dictionary<int, Dictionary<string, int>>();
        long unknown = 0;
        var languages = new SortedSet<string>(StringComparer.Ordinal);
        var rows = nationalities.ToList();
        if (rows.Count > 0)
            for (var i = 0; i < all.Length; i++) indexOf[all[i].Id] = i;
        foreach (var (id, nationality, count) in rows)
        {
            if (count < 0) throw new ArgumentException($"household {id}: {count} persons of {nationality}", nameof(nationalities));
            if (count == 0 || !indexOf.TryGetValue(id, out var i)) continue;
            var langs = NationalityLanguages.Of(nationality ?? "");
            if (langs.Count == 0) { unknown += count; continue; }
            foreach (var l in langs) languages.Add(l);
            if (!byHousehold.TryGetValue(i, out var n)) byHousehold[i] = n = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            n[nationality!.Trim()] = n.GetValueOrDefault(nationality.Trim()) + count;
        }
        if (languages.Count > MaxLanguages) throw new ArgumentException($"{languages.Count} languages wanted; at most {MaxLanguages}", nameof(nationalities));
        var table = languages.ToArray();
        var bit = table.Select((l, k) => (l, k)).ToDictionary(p => p.l, p => 1UL << p.k, StringComparer.Ordinal);
        var slots = byHousehold.Keys.Order().ToArray();
        var slotOf = new int[all.Length];
        Array.Fill(slotOf, -1);
        var start = new int[slots.Length + 1];
        var masks = new List<ulong>();
        var persons = new List<int>();
        var wanted = new ulong[slots.Length];
        for (var s = 0; s < slots.Length; s++)
        {
            slotOf[slots[s]] = s;
            start[s] = masks.Count;
            // Nationalities with the same languages share an entry (a Korean and a North Korean both want ko).
            foreach (var g in byHousehold[slots[s]].GroupBy(kv => NationalityLanguages.Of(kv.Key).Aggregate(0UL, (m, l) => m | bit[l])).OrderBy(g => g.Key))
            {
                masks.Add(g.Key);
                persons.Add(g.Sum(kv => kv.Value));
                wanted[s] |= g.Key;
            }
        }
        start[slots.Length] = masks.Count;
        return new LanguageHouseholds(table, slots, slotOf, start, masks.ToArray(), persons.ToArray(), wanted, unknown);
    }
}
