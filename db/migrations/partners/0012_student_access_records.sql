-- Who read a student's record, other than the student (issue 17): GetStudent,
-- the students' list and the placements listing each record one row per
-- student they showed. The student lists them (ListStudentAccessRecords);
-- they go with the student's record.
CREATE TABLE student_access_records (
  id BIGINT NOT NULL AUTO_INCREMENT,
  student_id VARCHAR(63) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  viewer_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  viewer_name VARCHAR(200) NOT NULL DEFAULT '',
  viewer_role VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  -- GET (the record alone) or LIST (on a list).
  action VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  -- The method that read it: GetStudent, ListStudents, ListPlacements.
  method VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  access_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_student_access_student (student_id, id),
  KEY ix_student_access_viewer (viewer_id),
  CONSTRAINT fk_student_access_student FOREIGN KEY (student_id)
    REFERENCES students (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
