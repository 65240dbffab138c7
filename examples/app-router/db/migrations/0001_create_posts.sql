-- AUTOINCREMENT: the id of a deleted post is never given to another.
CREATE TABLE posts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  content TEXT NOT NULL DEFAULT ''
);

INSERT INTO posts (title, content) VALUES ('First post', 'Seeded by the first migration');
