package model

import (
	"testing"
	"time"
)

func TestNewMonth(t *testing.T) {
	for m := time.January; m <= time.December; m++ {
		d, ok := NewMonth(2018, m)
		if !ok || d != (Date{Year: 2018, Month: m}) || !d.MonthOnly() {
			t.Errorf("NewMonth(2018, %d) = %#v, %v", m, d, ok)
		}
	}
	for _, tc := range []struct {
		y int
		m time.Month
	}{{2018, 0}, {2018, 13}, {0, 1}, {-1, 6}} {
		if d, ok := NewMonth(tc.y, tc.m); ok || !d.IsZero() {
			t.Errorf("NewMonth(%d, %d) = %#v, %v; want invalid", tc.y, tc.m, d, ok)
		}
	}
}

func TestDateForms(t *testing.T) {
	month, _ := NewMonth(2018, time.March)
	day, _ := NewDate(2018, time.March, 17)
	for _, tc := range []struct {
		d         Date
		str, time string
		monthOnly bool
	}{
		{month, "2018-03", "2018-03-01", true},
		{day, "2018-03-17", "2018-03-17", false},
		{Date{Year: 812, Month: time.January}, "0812-01", "0812-01-01", true},
	} {
		if got := tc.d.String(); got != tc.str {
			t.Errorf("%#v.String() = %q, want %q", tc.d, got, tc.str)
		}
		if got := tc.d.Time(); got.Format(time.DateTime) != tc.time+" 00:00:00" || got.Location() != time.UTC {
			t.Errorf("%#v.Time() = %v, want %s UTC midnight", tc.d, got, tc.time)
		}
		if got := tc.d.MonthOnly(); got != tc.monthOnly {
			t.Errorf("%#v.MonthOnly() = %v", tc.d, got)
		}
	}
	var zero Date
	if zero.String() != "" || zero.MonthOnly() {
		t.Errorf("zero date: String %q, MonthOnly %v", zero.String(), zero.MonthOnly())
	}
}

func TestCompare(t *testing.T) {
	// Ascending: a month-only date sorts before the first day of its month
	// and after every day of the month before.
	var order []Date
	add := func(d Date, ok bool) {
		if !ok {
			t.Fatalf("invalid date in test table after %v", order)
		}
		order = append(order, d)
	}
	add(Date{}, true)
	add(NewDate(2017, time.December, 31))
	add(NewMonth(2018, time.January))
	add(NewDate(2018, time.January, 1))
	add(NewDate(2018, time.January, 31))
	add(NewMonth(2018, time.February))
	add(NewDate(2018, time.February, 1))
	add(NewMonth(2019, time.January))
	for i, a := range order {
		for j, b := range order {
			want := cmp(i, j)
			if got := a.Compare(b); got != want {
				t.Errorf("%v.Compare(%v) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestPeriodForms(t *testing.T) {
	from, _ := NewDate(2019, time.March, 5)
	to, _ := NewDate(2024, time.March, 4)
	month, _ := NewMonth(2023, time.June)
	for _, tc := range []struct {
		p    Period
		want string
	}{
		{Period{From: from, To: to}, "2019-03-05 至 2024-03-04"},
		{Period{From: from, Forever: true}, "2019-03-05 至 长期"},
		{Period{To: to}, "至 2024-03-04"},
		{Period{To: month}, "至 2023-06"},
		{Period{Forever: true}, "长期"},
		{Period{From: from}, "2019-03-05 起"},
		{Period{}, ""},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestDisclosureValidity(t *testing.T) {
	from, _ := NewDate(2019, time.March, 5)
	to, _ := NewDate(2024, time.March, 4)
	for _, tc := range []struct {
		d            Disclosure
		shown, typed string
	}{
		{Disclosure{CertValidity: "2019年3月5日至2024年3月4日", CertPeriod: Period{From: from, To: to}}, "2019-03-05 至 2024-03-04", "2019年3月5日至2024年3月4日"},
		{Disclosure{CertValidity: "2019-03-05 至 2024-03-04", CertPeriod: Period{From: from, To: to}}, "2019-03-05 至 2024-03-04", ""},
		{Disclosure{CertValidity: "见证书"}, "见证书", ""},
		{Disclosure{}, "", ""},
	} {
		if got, typed := tc.d.Validity(), tc.d.ValidityAsWritten(); got != tc.shown || typed != tc.typed {
			t.Errorf("%q: shown %q (as written %q), want %q (%q)", tc.d.CertValidity, got, typed, tc.shown, tc.typed)
		}
	}
}
