"""Full-text search of published documents with Chinese word segmentation.

`segment` is pure (rjieba); `backends` holds one implementation per database vendor behind one
interface, chosen by `connection.vendor`; `service` indexes documents and answers queries."""
